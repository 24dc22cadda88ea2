//! What a link shows when it is shared (README, "Links that preview"): the
//! page's description, Open Graph (ogp.me) and Twitter card tags, with
//! absolute URLs and a 1200×630 image drawn by the server.

use leptos::prelude::*;
use leptos_meta::Meta;

/// The preview tags of a page.
#[component]
pub fn LinkPreview(
    /// The page's title (also its `<title>`, set by the page).
    title: String,
    /// One or two sentences.
    description: String,
    /// The page's absolute URL.
    url: String,
    /// The image's absolute URL.
    image: String,
    /// What the image shows, in words.
    image_alt: String,
) -> impl IntoView {
    view! {
        <Meta name="description" content=description.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content="rallymap"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=url/>
        <Meta property="og:image" content=image.clone()/>
        <Meta property="og:image:type" content="image/png"/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=image_alt.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=description/>
        <Meta name="twitter:image" content=image/>
        <Meta name="twitter:image:alt" content=image_alt/>
    }
}
