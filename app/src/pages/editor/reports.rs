//! `/editor/reports`: the queue of readers' reports (issue 26; README,
//! "Reports from readers: the queue"). Newest first, filtered by status
//! (new and in review unless the filter asks otherwise, a plain GET form),
//! each report with everything the reader typed, the contact address while
//! it is kept, and, for an open one, the decisions: reject with a reason,
//! mark as spam (plain forms on the queue's server functions, so they work
//! without JavaScript) and accept as a new event (the event form, filled
//! from the report), or merge it as a source into a published event near
//! it in place and days. A decided one shows who decided, when and why.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{as_editor, editor_view, loading, page_title, when, EditNotice};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_lang, Arg, Lang};
use crate::queue::{report_queue, MergeReport, Nearby, RejectReport, ReviewReport, SpamReport, ALL};
use domain::report::{ReportStatus, StoredReport};

/// A status's name in the interface's language.
pub fn status_text(lang: Lang, s: ReportStatus) -> String {
    lang.t(match s {
        ReportStatus::New => "rq-status-new",
        ReportStatus::InReview => "rq-status-in_review",
        ReportStatus::Accepted => "rq-status-accepted",
        ReportStatus::Rejected => "rq-status-rejected",
        ReportStatus::Spam => "rq-status-spam",
    })
}

/// The queue page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let reject = ServerAction::<RejectReport>::new();
    let spam = ServerAction::<SpamReport>::new();
    let merge = ServerAction::<MergeReport>::new();
    let review = ServerAction::<ReviewReport>::new();
    let wanted = Memo::new(move |_| query.read().get_all("status").unwrap_or_default().join(","));
    let data = Resource::new(
        move || {
            (wanted.get(), reject.version().get(), spam.version().get(), merge.version().get(), review.version().get())
        },
        |(status, ..)| as_editor(report_queue(status)),
    );
    let failed = move || {
        [
            reject.value().get().and_then(Result::err),
            spam.value().get().and_then(Result::err),
            merge.value().get().and_then(Result::err),
            review.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|error| view! { <EditNotice error/> })
    };
    view! {
        <Title text=page_title(lang, &lang.t("rq-heading"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(data.await, move |reports: Vec<(StoredReport, Vec<Nearby>)>| {
                    let chosen = crate::queue::statuses(&wanted.get_untracked()).unwrap_or_default();
                    let count = lang.t_with("rq-count", &[("count", Arg::Number(reports.len() as i64))]);
                    view! {
                        <main class="page wide report-queue">
                            <h1>{lang.t("rq-heading")}</h1>
                            <form class="search" method="get" action=crate::base::href("/editor/reports")>
                                <fieldset>
                                    <legend>{lang.t("rq-filter")}</legend>
                                    {ALL.iter().map(|s| {
                                        view! {
                                            <label>
                                                <input type="checkbox" name="status" value=s.as_str() checked=chosen.contains(s)/>
                                                " " {status_text(lang, *s)}
                                            </label>
                                            " "
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <button type="submit">{lang.t("rq-show")}</button>
                            </form>
                            {failed}
                            <p class="count" aria-live="polite">{count}</p>
                            <ol class="reports">
                                {reports.into_iter().map(|(r, near)| view! { <Report r near reject spam merge review/> }).collect_view()}
                            </ol>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

/// The report's days as readers' pages write them, "(approx.)" when so.
fn days(lang: Lang, r: &StoredReport) -> String {
    let parse = |s: &str| domain::dates::parse_date(s).ok();
    let range = parse(&r.date_start).zip(parse(&r.date_end)).and_then(|(s, e)| domain::dates::DateRange::new(s, e));
    let text = range.map_or_else(|| format!("{} – {}", r.date_start, r.date_end), |d| lang.range(d, false));
    if r.date_precision == "approximate" {
        lang.t_with("ed-approx", &[("dates", Arg::Text(text.into()))])
    } else {
        text
    }
}

/// One report.
#[component]
fn Report(
    r: StoredReport,
    near: Vec<Nearby>,
    reject: ServerAction<RejectReport>,
    spam: ServerAction<SpamReport>,
    merge: ServerAction<MergeReport>,
    review: ServerAction<ReviewReport>,
) -> impl IntoView {
    let lang = use_lang();
    let merges = (r.is_open() && !near.is_empty()).then(|| {
        let items = near
            .into_iter()
            .map(|n| {
                let reference = r.reference.clone();
                let km = format!("{:.1}", n.km);
                let edit = crate::base::href(&format!("/editor/events/{}", n.id));
                view! {
                    <li>
                        <a href=edit dir="auto">{n.title.clone()}</a> " · " <span dir="auto">{n.location_name.clone()}</span>
                        " · " {lang.range(n.dates, false)} " · " {lang.t_with("rq-km", &[("km", Arg::Text(km.into()))])} " "
                        <ActionForm action=merge attr:class="inline merge">
                            <input type="hidden" name="reference" value=reference.clone()/>
                            <input type="hidden" name="event_id" value=n.id.clone()/>
                            <input type="hidden" name="version" value=n.version.to_string()/>
                            <button type="submit" class="merge">{lang.t("rq-merge")}</button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! { <div class="nearby"><p>{lang.t("rq-nearby")}</p><ul>{items}</ul></div> }
    });
    let kind = domain::event::EventKind::LISTED
        .iter()
        .find(|k| k.as_str() == r.kind)
        .map_or_else(|| r.kind.clone(), |k| lang.kind(*k));
    let how = match &r.source_url {
        Some(url) => {
            view! { <a href=url.clone() rel="noopener noreferrer nofollow" dir="ltr">{url.clone()}</a> }.into_any()
        }
        None => view! { <span>{lang.t("rq-was-there")}</span> }.into_any(),
    };
    let point = format!("{}, {}", r.lat, r.lon);
    let crowd = (!r.crowd_size_text.is_empty()).then(|| {
        view! { <dt>{lang.t("rq-crowd")}</dt><dd dir="auto">{r.crowd_size_text.clone()}</dd> }
    });
    let contact = r.contact_email.clone().map(|m| {
        view! { <dt>{lang.t("rq-contact")}</dt><dd dir="ltr"><a href=format!("mailto:{m}")>{m.clone()}</a></dd> }
    });
    let description =
        (!r.description.is_empty()).then(|| view! { <p class="description" dir="auto">{r.description.clone()}</p> });
    let decided = r.decided_by.clone().map(|who| {
        let at = r.decided_at.as_deref().map(|t| when(lang, t)).unwrap_or_default();
        let head = lang.t_with(
            "rq-decided",
            &[
                ("status", Arg::Text(status_text(lang, r.status).into())),
                ("who", Arg::Verbatim(&who)),
                ("when", Arg::Text(at.into())),
            ],
        );
        let reason = r.decision_reason.clone().map(|why| view! { " " <q dir="auto" class="reason">{why}</q> });
        let event = r.event_id.clone().map(|id| {
            view! { " " <a href=crate::base::href(&format!("/editor/events/{id}"))>{lang.t("rq-the-event")}</a> }
        });
        view! { <p class="decided">{head}{reason}{event}</p> }
    });
    let decide = r.is_open().then(|| {
        let (for_spam, for_reject, for_review) = (r.reference.clone(), r.reference.clone(), r.reference.clone());
        let take = (r.status == ReportStatus::New).then(|| {
            view! {
                <ActionForm action=review attr:class="inline">
                    <input type="hidden" name="reference" value=for_review/>
                    <button type="submit" class="review">{lang.t("rq-review")}</button>
                </ActionForm>
            }
        });
        let accept = crate::base::href(&format!("/editor/new?report={}", r.reference));
        let reason_id = format!("reason-{}", r.reference);
        view! {
            <div class="decisions">
                <a class="button primary accept" href=accept>{lang.t("rq-accept")}</a>
                {take}
                <ActionForm action=spam attr:class="inline">
                    <input type="hidden" name="reference" value=for_spam.clone()/>
                    <button type="submit" class="spam">{lang.t("rq-spam")}</button>
                </ActionForm>
                <ActionForm action=reject attr:class="reject">
                    <input type="hidden" name="reference" value=for_reject.clone()/>
                    <label for=reason_id.clone()>{lang.t("rq-reason")}</label> " "
                    <input type="text" id=reason_id.clone() name="reason" dir="auto" required maxlength="1000"/> " "
                    <button type="submit" class="reject">{lang.t("rq-reject")}</button>
                </ActionForm>
            </div>
        }
    });
    view! {
        <li class="report" id=r.reference.clone() data-status=r.status.as_str()>
            <h2><bdi dir="auto">{r.title.clone()}</bdi></h2>
            <p class="muted">
                <code>{r.reference.clone()}</code> " · " {status_text(lang, r.status)} " · "
                {lang.t_with("rq-received", &[("when", Arg::Text(when(lang, &r.received_at).into()))])}
            </p>
            <img class="report-map" src=crate::base::href(&format!("/editor/reports/{}/map.png", r.reference))
                width="1200" height="630" loading="lazy"
                alt=lang.t_with("rq-map-alt", &[("place", Arg::Verbatim(&r.location_name))])/>
            {description}
            <dl>
                <dt>{lang.t("rq-kind")}</dt><dd>{kind}</dd>
                <dt>{lang.t("rq-place")}</dt><dd dir="auto">{format!("{} ({})", r.location_name, r.country_code)}</dd>
                <dt>{lang.t("rq-dates")}</dt><dd>{days(lang, &r)}</dd>
                <dt>{lang.t("rq-point")}</dt><dd dir="ltr">{point}</dd>
                <dt>{lang.t("rq-source")}</dt><dd>{how}</dd>
                {crowd}
                {contact}
            </dl>
            {decided}
            {decide}
            {merges}
        </li>
    }
}

lazy_page!(
    /// `/editor/reports`, lazily loaded.
    ReportsRoute => ReportsPage
);
