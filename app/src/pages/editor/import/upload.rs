//! Sending the import form with a progress bar (browser only); the
//! page works without it (README, "Import and export").

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys;

/// An upload's request and the handlers it calls, kept alive together
/// for as long as the request may call them (no leaked closures).
pub struct Running {
    xhr: web_sys::XmlHttpRequest,
    _on_progress: Closure<dyn FnMut(web_sys::ProgressEvent)>,
    _on_load: Closure<dyn FnMut()>,
    _on_error: Closure<dyn FnMut()>,
}

impl Drop for Running {
    /// Unhooks the handlers before they are freed, and stops a request
    /// still under way: nothing can call a freed handler.
    fn drop(&mut self) {
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        if let Ok(u) = self.xhr.upload() {
            u.set_onprogress(None);
        }
        if self.xhr.ready_state() != web_sys::XmlHttpRequest::DONE {
            let _ = self.xhr.abort();
        }
    }
}

/// Posts `form` with `XMLHttpRequest` (fetch has no upload progress),
/// setting `progress` from 0 to 1; on success goes to the preview it was
/// sent to, else sets `failed` to the server's message. Keep what it
/// returns until the request is done.
///
/// # Errors
/// The browser's, when the request cannot be made.
pub fn send(
    form: &web_sys::HtmlFormElement,
    progress: RwSignal<Option<f64>>,
    failed: RwSignal<Option<String>>,
    lang: crate::i18n::Lang,
) -> Result<Running, JsValue> {
    let data = web_sys::FormData::new_with_form(form)?;
    let xhr = web_sys::XmlHttpRequest::new()?;
    xhr.open("POST", &crate::base::href("/editor/import/upload"))?;
    xhr.set_request_header("Accept", "text/plain")?;
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress.set(Some(e.loaded() / e.total()));
        }
    });
    xhr.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let done = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let status = done.status().unwrap_or(0);
        let url = done.response_url();
        if status == 200 && url.contains("/editor/import/") {
            let _ = window().location().assign(&url);
        } else {
            progress.set(None);
            failed.set(Some(done.response_text().ok().flatten().filter(|t| !t.is_empty()).unwrap_or_else(|| {
                lang.t_with("im-upload-failed", &[("status", crate::i18n::Arg::Number(status.into()))])
            })));
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        failed.set(Some(lang.t("im-unreachable")));
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    progress.set(Some(0.0));
    failed.set(None);
    xhr.send_with_opt_form_data(Some(&data))?;
    Ok(Running { xhr, _on_progress: on_progress, _on_load: on_load, _on_error: on_error })
}
