//! The box of the reader's map's display options, drawn over the map's
//! bottom corner: countries shaded by their events (README, "Shading
//! countries") and clusters labelled with the people reported at their
//! events instead of how many events they hold.

use leptos::prelude::*;

use crate::i18n::use_lang;

/// The options' box, inside the map's element opposite the attribution
/// (the top corners hold the zoom buttons and popups' close buttons), so
/// that the map keeps its height. It appears once the page is live: both
/// options need the map's script. Pointer events stop here, so a click does
/// not also reach the map.
#[component]
pub fn MapToggles(
    /// Whether the countries are shaded.
    shade: RwSignal<bool>,
    /// Whether clusters show people.
    people: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let live = crate::live::once_live();
    move || {
        live.get().then(|| {
            view! {
                <div class="map-toggles" on:click=|ev| ev.stop_propagation()
                    on:dblclick=|ev| ev.stop_propagation() on:mousedown=|ev| ev.stop_propagation()
                    on:pointerdown=|ev| ev.stop_propagation() on:touchstart=|ev| ev.stop_propagation()
                    on:wheel=|ev| ev.stop_propagation()>
                    <label>
                        <input type="checkbox" name="shade" prop:checked=move || shade.get()
                            on:change=move |ev| shade.set(event_target_checked(&ev))/>
                        {lang.t("shade-countries")}
                    </label>
                    <label>
                        <input type="checkbox" name="clusters" prop:checked=move || people.get()
                            on:change=move |ev| people.set(event_target_checked(&ev))/>
                        {lang.t("clusters-people")}
                    </label>
                </div>
            }
        })
    }
}
