//! Files shaped like real exports (issue 20, items 10, 12 and 13): each is
//! imported as written, with the choices a user would make, and the faults
//! found in such files each have a test that names them. The fixtures are
//! in `server/tests/fixtures/import/real/`; country from the point reads
//! the outlines that `scripts/setup.sh` builds into `public/vendor/`.

use std::path::{Path, PathBuf};

use domain::import::columns::Target;
use domain::import::dates::DateFormat;
use server::cli::EditorCommand;
use server::cli::ImportArgs;
use server::config::Config;
use tempfile::TempDir;

use crate::helpers::cli::{args, coded, db, run};
use crate::helpers::{with_config, TestApp};
use crate::sign_in::{call, post, OURS};

fn real(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/real").join(name)
}

/// The site folder with the country outlines (`public/` holds the files
/// the built site copies).
fn site_with_outlines() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public")
}

fn with_outlines(c: &mut Config) {
    c.site_root = site_with_outlines();
}

async fn empty_app() -> TestApp {
    with_config(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty"), with_outlines).await
}

fn map(pairs: &[(&str, Target)]) -> Vec<(String, Target)> {
    pairs.iter().map(|(c, t)| ((*c).to_owned(), *t)).collect()
}

/// Every stored event in one line each, by id: id | title | kind | days
/// and precision | country, place precision | place | sources | crowd |
/// description.
async fn rows(app: &TestApp) -> Vec<String> {
    let store = server::store::open(&db(app)).await.expect("open");
    let mut all = store.list_for_editors().await.expect("list");
    all.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    all.iter()
        .map(|r| {
            let e = &r.event;
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|s| s.url.as_ref().map_or_else(|| s.name.clone(), |u| format!("{} <{u}>", s.name)))
                .collect();
            format!(
                "{} | {} | {} | {}..{} {} | {} {} | {} | {} | {} | {:?}",
                e.id,
                e.title,
                e.kind,
                e.dates.start,
                e.dates.end,
                e.date_precision,
                e.country_code,
                e.geo_precision,
                e.location_name,
                sources.join(" + "),
                e.crowd_size_text.as_deref().unwrap_or("-"),
                e.description,
            )
        })
        .collect()
}

/// Writes `content` to a file called `name` in a new folder.
fn file(name: &str, content: &[u8]) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write");
    (dir, path)
}

#[tokio::test]
async fn an_acled_export_imports_as_written() {
    let app = empty_app().await;
    let (code, out, err) = run(&app, &args(&[&real("acled-germany-2025.csv")])).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "acled-germany-2025.csv: ACLED export (CSV separated by \",\"), 4 records, 4 valid, 0 refused\n\
             Stored 4 new and 0 updated events as drafts.\n",
            ""
        )
    );
    assert_eq!(
        rows(&app).await,
        [
            "deu24501 | Peaceful protest in Berlin - Mitte | protest | 2025-02-01..2025-02-01 exact | DE site | \
             Berlin - Mitte | Tagesspiegel + rbb24 | around 160000 | \"On 1 February 2025, around 160,000 people \
             demonstrated in front of the Bundestag in Berlin - Mitte against cooperation with the AfD, under the \
             slogan \\\"Aufstand der Anstaendigen\\\".\"",
            "deu24502 | Peaceful protest in Munich | protest | 2025-02-02..2025-02-02 exact | DE site | Munich | \
             Sueddeutsche Zeitung | tens of thousands | \"On 2 February 2025, a large crowd protested at \
             Theresienwiese in Munich against the far right. [size=tens of thousands]\"",
            // time_precision 2: the week, Monday 3 to Sunday 9 February.
            "deu24517 | Protest with intervention in Leipzig | protest | 2025-02-03..2025-02-09 approximate | DE city \
             | Leipzig | LVZ | - | \"During the week of 8 February 2025, protesters blocked a road in Leipzig; police \
             cleared the blockade.\"",
            "deu24533 | Peaceful protest in Hamburg - Jungfernstieg | protest | 2025-02-15..2025-02-15 exact | DE site \
             | Hamburg - Jungfernstieg | Radio Farda | several hundred | \"On 15 February 2025, members of the \
             Iranian diaspora held a vigil at Jungfernstieg in Hamburg for prisoners in Iran.\"",
        ]
    );
}

#[tokio::test]
async fn a_crowd_counting_consortium_file_imports_with_a_country_for_every_row() {
    let app = empty_app().await;
    // CCC's columns are known: the only choice is the country, which CCC
    // files do not name (every row is in the United States).
    let a = ImportArgs { country: Some("US".into()), ..args(&[&real("ccc-2020-06.csv")]) };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ccc-2020-06.csv: Crowd Counting Consortium file (CSV separated by \",\"), 4 records, 4 valid, 0 refused\n  \
             note: records without an id: 4; each got one made from its date, title and content, so that importing \
             them again finds them\n  \
             note: geo_precision: 4 records without one got \"city\", the default given\n  \
             note: country_code: 4 records without one got US, the default given\n\
             Stored 4 new and 0 updated events as drafts.\n",
            ""
        )
    );
    // The kind is the first of `type` that is ours; the place is
    // `location`, the areas `state` and `locality`; one number is low and
    // high; `arrests` 0 is zero arrests, an empty `property_damage` is not
    // reported; both source columns are sources.
    assert_eq!(
        rows(&app).await,
        [
            "2020-05-26-protest-at-the-site-of-george-floyd-s-6e41faf4 | Protest at the site of George Floyd's arrest \
             | march | 2020-05-26..2020-05-26 exact | US city | Chicago Ave and E 38th St | startribune.com \
             <https://www.startribune.com/protesters-march-in-minneapolis/570750002/> | thousands | \"Protesters \
             marched from the site to the 3rd Precinct.\"",
            "2020-06-02-rally-in-brooklyn-against-police-269921ee | Rally in Brooklyn against police violence | \
             rally | 2020-06-02..2020-06-02 exact | US city | Barclays Center | nytimes.com \
             <https://www.nytimes.com/2020/06/02/nyregion/protests-nyc.html> + gothamist.com \
             <https://gothamist.com/news/protests> | thousands | \"Rally at Barclays Center, then a march across the \
             Manhattan Bridge.\"",
            "2020-06-06-march-to-the-white-house-f1b1f765 | March to the White House | march | \
             2020-06-06..2020-06-06 exact | US city | Lafayette Square | washingtonpost.com \
             <https://www.washingtonpost.com/dc-md-va/2020/06/06/dc-protests-saturday/> | tens of thousands | \"\"",
            "2020-06-08-vigil-outside-city-hall-1bef56ed | Vigil outside City Hall | vigil | 2020-06-08..2020-06-08 \
             exact | US city | Seattle City Hall | seattletimes.com \
             <https://www.seattletimes.com/seattle-news/vigil-city-hall/> | hundreds | \"\"",
        ]
    );
    assert_eq!(
        coded(&app).await,
        [
            "2020-05-26-protest-at-the-site-of-george-floyd-s-6e41faf4 | - | MN / Minneapolis | online false | \
             org [Black Lives Matter Minneapolis] | part [] | claims against police brutality; for justice for George \
             Floyd | crowd thousands 1000..1000 - | est [] | 0 - - - | CCC - -",
            "2020-06-02-rally-in-brooklyn-against-police-269921ee | - | NY / New York | online false | org [] | part [] \
             | claims against police violence | crowd thousands 2000..5000 - | est [] | 0 - - - | CCC - -",
            "2020-06-06-march-to-the-white-house-f1b1f765 | - | DC / Washington | online false | \
             org [Concerned Citizens DC] | part [] | claims against racism; against police brutality | \
             crowd tens of thousands 10000..10000 - | est [] | 0 - - - | CCC - -",
            "2020-06-08-vigil-outside-city-hall-1bef56ed | - | WA / Seattle | online false | org [] | part [] | \
             claims for defunding the police | crowd hundreds 200..500 - | est [] | 0 - - - | CCC - -",
        ]
    );
}

/// The QGIS export's choices: `fid` left out, `link` is the source's URL,
/// a typed source for rows without a link.
fn qgis(extra: impl FnOnce(&mut ImportArgs)) -> ImportArgs {
    let mut a = ImportArgs {
        mapping: map(&[("fid", Target::Ignore), ("link", Target::SourceUrl)]),
        source_name: Some("DR Nyheder".into()),
        source_url: Some("https://www.dr.dk/nyheder".into()),
        kind: Some("protest".into()),
        geo_precision: Some("site".into()),
        ..args(&[&real("qgis-denmark.geojson")])
    };
    extra(&mut a);
    a
}

#[tokio::test]
async fn a_qgis_export_asks_before_taking_a_country_near_a_border() {
    let app = empty_app().await;
    // From the point: Copenhagen is 16 km from Sweden by the outlines, and
    // Funen (Odense) is not drawn at 1:110m at all. Neither is guessed.
    let (code, out, err) = run(&app, &qgis(|a| a.country_from_point = true)).await;
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "qgis-denmark.geojson: feature 0: country_code: the point is in DK by the outlines, but 16 km from SE, closer \
         than 30 km to a border; confirm \"countries near a border\" to take DK, or give the country in a column\n\
         qgis-denmark.geojson: feature 2: country_code: the point is in no country of the outlines, and none is \
         within 30 km (at sea?); give the country in a column or as the default\n"
    );
    assert!(
        out.contains(
            "note: country_code: 2 records near a border, off a coast or in no country wait for you to look at their \
             country (listed with the refused records)\n"
        ),
        "{out}"
    );
    assert!(rows(&app).await.is_empty());

    // Confirmed, Copenhagen takes DK; Odense has no country to take.
    let (code, out, err) = run(
        &app,
        &qgis(|a| {
            a.country_from_point = true;
            a.accept_border_countries = true;
            a.valid_only = true;
        }),
    )
    .await;
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains(
            "note: country_code: 2 records without one got the country their point lies in, by the Natural Earth \
             1:110m outlines; for 1 record near a border or off a coast you confirmed the country proposed\n"
        ),
        "{out}"
    );
    assert!(err.starts_with("qgis-denmark.geojson: feature 2: country_code: the point is in no country"), "{err}");
    assert_eq!(rows(&app).await.len(), 2);
}

#[tokio::test]
async fn a_qgis_export_with_crs_fid_and_nulls_imports_with_a_fixed_country() {
    let app = empty_app().await;
    let (code, out, err) = run(&app, &qgis(|a| a.country = Some("DK".into()))).await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains(
            "note: sources: 2 records without one got the source \"DR Nyheder\" (https://www.dr.dk/nyheder)\n"
        ),
        "{out}"
    );
    assert_eq!(
        rows(&app).await,
        [
            // The id keeps the letter å as a: Rådhuspladsen, not r-dhuspladsen.
            "2024-02-29-solidaritetsdemonstration-pa-b73c1c3c | Solidaritetsdemonstration på Rådhuspladsen | protest \
             | 2024-02-29..2024-02-29 exact | DK site | Rådhuspladsen, København | dr.dk \
             <https://www.dr.dk/nyheder/indland/demonstration-raadhuspladsen> | - | \"\"",
            "2024-03-01-fakkeltog-i-aarhus-ec4c6db5 | Fakkeltog i Aarhus | protest | 2024-03-01..2024-03-01 exact | DK \
             site | Bispetorvet, Aarhus | DR Nyheder <https://www.dr.dk/nyheder> | - | \"Fakkeltog fra Bispetorvet \
             til Rådhuset.\"",
            "2024-03-02-demonstration-foran-odense-radhus-a928f838 | Demonstration foran Odense Rådhus | protest | \
             2024-03-02..2024-03-02 exact | DK site | Flakhaven, Odense | DR Nyheder <https://www.dr.dk/nyheder> | - \
             | \"\"",
        ]
    );
}

#[tokio::test]
async fn a_umap_export_in_persian_gets_readable_ids_countries_and_the_file_as_source() {
    let app = empty_app().await;
    let a = ImportArgs {
        country_from_point: true,
        kind: Some("rally".into()),
        geo_precision: Some("site".into()),
        ..args(&[&real("umap-diaspora.geojson")])
    };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.contains("note: sources: 3 records without one got the source \"umap-diaspora.geojson\"\n"), "{out}");
    assert_eq!(
        rows(&app).await,
        [
            "2023-09-16-kundgebung-am-brandenburger-tor-cffb9351 | Kundgebung am Brandenburger Tor | rally | \
             2023-09-16..2023-09-16 exact | DE site | Pariser Platz, Berlin | umap-diaspora.geojson | - | \
             \"Iranische Diaspora in Berlin, ein Jahr nach dem Tod von Jina Mahsa Amini.\"",
            // Persian titles keep their letters in the id (tjm dr mydn azdy:
            // the written letters of تجمع در میدان آزادی), not only a hash.
            "2023-09-16-tjm-dr-mydn-azdy-968db477 | تجمع در میدان آزادی | rally | 2023-09-16..2023-09-16 exact | IR \
             site | میدان آزادی، تهران | umap-diaspora.geojson | - | \"شعارنویسی و تجمع شبانه در میدان آزادی تهران.\"",
            "2023-09-16-tjm-yrnyn-twrntw-dr-mydn-ml-lstmn-bddb3658 | تجمع ایرانیان تورنتو در میدان مل لستمن | rally \
             | 2023-09-16..2023-09-16 exact | CA site | Mel Lastman Square, Toronto | umap-diaspora.geojson | - | \"\"",
        ]
    );
}

#[tokio::test]
async fn a_google_sheets_csv_with_date_times_takes_the_date_in_the_offset_written() {
    let app = empty_app().await;
    let a = ImportArgs {
        kind: Some("march".into()),
        geo_precision: Some("city".into()),
        ..args(&[&real("google-sheets-8m.csv")])
    };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains(
            "note: dates: 2 records had a date with a time; each got the calendar date in the offset it was written \
             in (2024-03-08T22:30:00-06:00 is 8 March 2024), as the API reads datetime\n"
        ),
        "{out}"
    );
    assert_eq!(
        rows(&app).await,
        [
            "2024-03-08-8-march-march-in-madrid-1d35a386 | 8 March march in Madrid | march | 2024-03-08..2024-03-08 \
             exact | ES city | Madrid | elpais.com <https://elpais.com/sociedad/2024-03-08/8m-madrid.html> | hundreds \
             of thousands | \"\"",
            // 22:30 at UTC-6 on 8 March is 9 March in UTC: the day is the 8th.
            "2024-03-08-marcha-del-8m-1b245da9 | Marcha del 8M | march | 2024-03-08..2024-03-08 exact | MX city | \
             Ciudad de México | animalpolitico.com <https://www.animalpolitico.com/sociedad/marcha-8m-cdmx-2024> | \
             tens of thousands | \"Ends at the Zócalo after dark.\"",
            // The description's leading tab is kept, byte for byte.
            "2024-03-08-women-s-day-rally-in-tehran-3d7ebe72 | Women's Day rally in Tehran | march | \
             2024-03-08..2024-03-08 exact | IR city | Tehran | iranintl.com \
             <https://www.iranintl.com/en/202403080001> | - | \"\\tReported by a reader; indented as sent.\"",
        ]
    );
}

#[tokio::test]
async fn a_german_excel_csv_with_semicolons_and_decimal_commas_imports() {
    let app = empty_app().await;
    let a = ImportArgs {
        decimal_comma: true,
        date_format: DateFormat::DayMonthYear,
        mapping: map(&[
            ("Titel", Target::Title),
            ("Datum", Target::Date),
            ("Ort", Target::LocationName),
            ("Breitengrad", Target::Latitude),
            ("Längengrad", Target::Longitude),
            ("Teilnehmende", Target::CrowdSizeText),
            ("Quelle", Target::Sources),
            ("Link", Target::SourceUrl),
            ("Bemerkung", Target::Description),
        ]),
        country: Some("DE".into()),
        kind: Some("protest".into()),
        geo_precision: Some("site".into()),
        ..args(&[&real("excel-de.csv")])
    };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("excel-de.csv: CSV separated by \";\", 4 records, 4 valid, 0 refused\n"), "{out}");
    assert_eq!(
        rows(&app).await,
        [
            "2024-01-20-demo-gegen-rechts-ae4f9f00 | Demo gegen Rechts | protest | 2024-01-20..2024-01-20 exact | DE \
             site | Frankfurt am Main, Römerberg | Frankfurter Rundschau \
             <https://www.fr.de/frankfurt/demo-gegen-rechts-roemerberg.html> | 35.000 | \"\"",
            "2024-01-21-demo-gemeinsam-gegen-rechts-f973a67b | Demo „Gemeinsam gegen Rechts“ | protest | \
             2024-01-21..2024-01-21 exact | DE site | München, Siegestor | Süddeutsche Zeitung \
             <https://www.sueddeutsche.de/muenchen/demo-siegestor.html> | über 100.000 | \"\"",
            "2024-01-21-kundgebung-nie-wieder-ist-jetzt-6a4393fe | Kundgebung „Nie wieder ist jetzt“ | protest | \
             2024-01-21..2024-01-21 exact | DE site | Köln, Deutzer Werft | Kölner Stadt-Anzeiger | 70.000 | \
             \"Größte Demo in Köln seit Jahren; Polizei: friedlich.\"",
            "2024-01-27-lichterkette-053b09fd | Lichterkette | protest | 2024-01-27..2024-01-27 exact | DE site | \
             Dresden, Neumarkt | Sächsische Zeitung <https://www.saechsische.de/dresden/lichterkette-neumarkt.html> | \
             etwa 10.000 | \"\"",
        ]
    );
    let store = server::store::open(&db(&app)).await.expect("open");
    let koeln =
        store.revision("2024-01-21-kundgebung-nie-wieder-ist-jetzt-6a4393fe").await.expect("get").expect("there");
    assert_eq!((koeln.event.lon, koeln.event.lat), (6.9603, 50.9375));
}

#[tokio::test]
async fn a_leaflet_data_file_behind_comments_is_read_as_javascript() {
    let app = empty_app().await;
    let a = ImportArgs {
        country_from_point: true,
        geo_precision: Some("site".into()),
        source_name: Some("Hamburger Abendblatt".into()),
        ..args(&[&real("leaflet-hamburg.js")])
    };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("leaflet-hamburg.js: GeoJSON inside JavaScript, 3 records, 3 valid, 0 refused\n"), "{out}");
    assert_eq!(
        rows(&app).await,
        [
            "2024-03-08-kundgebung-auf-dem-rathausmarkt-504866c0 | Kundgebung auf dem Rathausmarkt | rally | \
             2024-03-08..2024-03-08 exact | DE site | Rathausmarkt, Hamburg | Hamburger Abendblatt | - | \"\"",
            "2024-03-09-demonstration-am-marktplatz-2ac8f374 | Demonstration am Marktplatz | march | \
             2024-03-09..2024-03-09 exact | DE site | Marktplatz, Bremen | Hamburger Abendblatt | - | \"\"",
            "2024-03-09-mahnwache-vor-dem-landtag-566c74ce | Mahnwache vor dem Landtag | vigil | \
             2024-03-09..2024-03-09 exact | DE site | Landtag, Kiel | Hamburger Abendblatt | - | \"\"",
        ]
    );
}

#[tokio::test]
async fn javascript_that_is_not_data_is_called_javascript_not_csv() {
    let app = empty_app().await;
    let (_d, path) = file("map.js", b"// the map\nL.geoJSON(rallies).addTo(map);\n");
    let (code, out, err) = run(&app, &args(&[&path])).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "map.js: cannot be read (see standard error); nothing was stored.\n",
            "map.js: the file is JavaScript, not GeoJSON or CSV: it does not assign a GeoJSON object to a name (it \
             starts \"L.geoJSON(rallies).addTo(map);\"); only a file that assigns one GeoJSON object (var data = \
             {…};) can be read, or export the layer as GeoJSON\n"
        )
    );
    // A syntax error inside is placed by the file's own lines, comments included.
    let (_d, path) =
        file("broken.js", b"// line 1\n// line 2\nvar x = {\"type\": \"FeatureCollection\",\n\"features\": [,]};\n");
    let (_, _, err) = run(&app, &args(&[&path])).await;
    assert_eq!(err, "broken.js: not valid JSON at line 4, column 14: expected value\n");
}

const HEADER: &str =
    "id,title,kind,date,location_name,country_code,longitude,latitude,geo_precision,sources,description";

fn csv(rows: &[&str]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes()
}

#[tokio::test]
async fn a_date_that_disagrees_with_the_year_column_is_refused() {
    let app = empty_app().await;
    let acled = std::fs::read_to_string(real("acled-germany-2025.csv")).expect("fixture");
    let typo = acled.replace("02 February 2025,2025", "02 February 0025,2025");
    let (_d, path) = file("acled-typo.csv", typo.as_bytes());
    let (code, _, err) = run(&app, &args(&[&path])).await;
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "acled-typo.csv: row 3 (DEU24502): date: \"02 February 0025\" is in the year 25, but the year column \
             says 2025\n"
        )
    );
    assert!(rows(&app).await.is_empty());
}

#[tokio::test]
async fn dates_before_1800_or_after_next_year_wait_for_the_editors_word() {
    let app = empty_app().await;
    let latest = time::OffsetDateTime::now_utc().year() + 1;
    let (_d, path) = file(
        "history.csv",
        &csv(&[
            "bastille,Storming of the Bastille,protest,1789-07-14,Paris,FR,2.3692,48.8531,site,Archives,",
            "typo,Rally,rally,2999-03-08,Paris,FR,2.3522,48.8566,city,Le Monde,",
        ]),
    );
    let (code, out, err) = run(&app, &args(&[&path])).await;
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "history.csv: row 2 (bastille): date_start: 1789-07-14 is before 1800; if it is meant, confirm \
             \"unusual dates\" (before 1800 or after {latest})\n\
             history.csv: row 3 (typo): date_end: 2999-03-08 is after {latest}; if it is meant, confirm \"unusual \
             dates\" (before 1800 or after {latest})\n"
        )
    );
    assert!(out.contains(&format!(
        "note: dates: 2 records before 1800 or after {latest} wait for you to confirm them (listed with the refused \
         records)\n"
    )));
    let (code, out, _) = run(&app, &ImportArgs { accept_unusual_dates: true, ..args(&[&path]) }).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("note: dates: 2 records before 1800 or after {latest}, as you confirmed\n")),
        "{out}"
    );
    assert_eq!(rows(&app).await.len(), 2);
}

#[tokio::test]
async fn words_in_coordinate_cells_are_not_called_degrees_minutes_seconds() {
    let app = empty_app().await;
    let rows: Vec<String> = [("unknown", "unknown"), ("n/a", "-"), ("9 59 37 E", "53 33 1 N"), ("9.9937E", "N53.5511")]
        .iter()
        .enumerate()
        .map(|(i, (lon, lat))| format!("c{i},Rally,rally,2024-03-01,Hamburg,DE,{lon},{lat},city,NDR,"))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_d, path) = file("places.csv", &csv(&refs));
    let (_, _, err) = run(&app, &args(&[&path])).await;
    assert_eq!(
        err,
        "places.csv: row 2 (c0): longitude: \"unknown\" is not a number of degrees; write decimal degrees \
         (59.3293, -77.0365) or leave it empty; latitude: \"unknown\" is not a number of degrees; write decimal \
         degrees (59.3293, -77.0365) or leave it empty\n\
         places.csv: row 3 (c1): longitude: \"n/a\" is not a number of degrees; write decimal degrees (59.3293, \
         -77.0365) or leave it empty; latitude: \"-\" is not a number of degrees; write decimal degrees (59.3293, \
         -77.0365) or leave it empty\n\
         places.csv: row 4 (c2): longitude: \"9 59 37 E\" is in degrees, minutes and seconds; write decimal \
         degrees (59.3293, -77.0365); latitude: \"53 33 1 N\" is in degrees, minutes and seconds; write decimal \
         degrees (59.3293, -77.0365)\n\
         places.csv: row 5 (c3): longitude: \"9.9937E\" has a hemisphere letter; write signed decimal degrees \
         (north and east positive, south and west negative: 59.3293, -77.0365); latitude: \"N53.5511\" has a \
         hemisphere letter; write signed decimal degrees (north and east positive, south and west negative: \
         59.3293, -77.0365)\n"
    );
}

#[tokio::test]
async fn valid_only_says_stored_some_only_when_some_were_stored() {
    let app = empty_app().await;
    let (_d, empty) = file("empty.csv", b"");
    let (_d2, bad) = file("bad.csv", &csv(&["b1,Rally,rally,2024-03-01,Hamburg,DE,,,city,NDR,"]));
    let (_d3, good) = file("good.csv", &csv(&["g1,Rally,rally,2024-03-01,Hamburg,DE,9.99,53.55,city,NDR,"]));
    // Nothing stored: 1, with an unreadable file, a refused one, or both.
    for files in [vec![&empty], vec![&bad], vec![&empty, &bad]] {
        let files: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        let (code, out, err) = run(&app, &ImportArgs { valid_only: true, ..args(&files) }).await;
        assert_eq!(code, 1, "{files:?}: {out}{err}");
    }
    assert!(rows(&app).await.is_empty());
    // Some stored, some not: 3.
    let (code, out, err) = run(&app, &ImportArgs { valid_only: true, ..args(&[&empty, &good]) }).await;
    assert_eq!(code, 3, "{out}{err}");
    assert_eq!(rows(&app).await.len(), 1);
}

#[tokio::test]
async fn a_leading_tab_in_a_title_is_refused_not_dropped() {
    let app = empty_app().await;
    let (_d, path) = file(
        "tabs.csv",
        &csv(&["t1,\tRally,rally,2024-03-01,Hamburg,DE,9.99,53.55,city,NDR,\"\tindented\r\nsecond line\""]),
    );
    let (code, _, err) = run(&app, &args(&[&path])).await;
    assert_eq!(
        (code, err.as_str()),
        (1, "tabs.csv: row 2 (t1): title: must be plain text without the control character U+0009\n")
    );
    let (_d, path) = file(
        "tabs.csv",
        &csv(&["t1,Rally,rally,2024-03-01,Hamburg,DE,9.99,53.55,city,NDR,\"\tindented\r\nsecond line\""]),
    );
    let (code, _, _) = run(&app, &args(&[&path])).await;
    assert_eq!(code, 0);
    let e = server::store::open(&db(&app)).await.expect("open").revision("t1").await.expect("get").expect("there");
    assert_eq!(e.event.description, "\tindented\r\nsecond line");
}

/// An app with the outlines and an editor "anna", signed in: its cookie.
async fn editor_app(outlines: bool) -> (TestApp, String) {
    let app = with_config(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty"), |c| {
        if outlines {
            with_outlines(c);
        }
    })
    .await;
    let mut password = std::io::Cursor::new(b"correct horse battery\n".to_vec());
    server::cli::editor(
        &app.state.config,
        &EditorCommand::Add { name: "anna".into() },
        server::cli::PasswordSource::Lines(&mut password),
        &mut Vec::new(),
    )
    .await
    .expect("editor added");
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let cookie = crate::sign_in::pair(&r.cookie);
    (app, cookie)
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// Uploads `content` as `name` through the page's route: the token.
async fn upload(app: &TestApp, cookie: &str, name: &str, content: &[u8]) -> String {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let boundary = "----rallymapTestBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post("/editor/import/upload")
        .header(header::HOST, "rallymap.test")
        .header(header::ORIGIN, "http://rallymap.test")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    let res = app.router.clone().oneshot(req.body(Body::from(body)).expect("req")).await.expect("ok");
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    location.strip_prefix("/editor/import/").expect("to the preview").to_owned()
}

async fn preview(app: &TestApp, cookie: &str, token: &str, query: &str) -> serde_json::Value {
    let r = call(app, "/_fn/import_preview", &form(&[("token", token), ("query", query)]), OURS, Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).expect("json")
}

#[tokio::test]
async fn the_page_offers_the_same_defaults_and_confirmations() {
    let (app, cookie) = editor_app(true).await;
    let qgis = std::fs::read(real("qgis-denmark.geojson")).expect("fixture");
    let token = upload(&app, &cookie, "demonstrationer.geojson", &qgis).await;

    // First look: the file's name is the source of rows without one; no country yet.
    let p = preview(&app, &cookie, &token, "").await;
    assert_eq!(
        (p["source_name"].as_str(), p["country_from"].as_str()),
        (Some("demonstrationer.geojson"), Some("none"))
    );
    assert_eq!(p["refused"], 3);

    // Country from the point: two rows to look at, a box to confirm them.
    let q =
        "map.fid=ignore&map.link=source_url&kind=protest&geo_precision=site&source_name=DR+Nyheder&country_from=point";
    let p = preview(&app, &cookie, &token, q).await;
    assert_eq!(
        (p["valid"].as_u64(), p["border"].as_u64(), p["accept_border"].as_bool()),
        (Some(1), Some(2), Some(false))
    );
    assert_eq!(
        p["refusals"][0],
        "feature 0: country_code: the point is in DK by the outlines, but 16 km from SE, closer than 30 km to a \
         border; confirm \"countries near a border\" to take DK, or give the country in a column"
    );
    assert!(
        p["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n == "sources: 1 record without one got the source \"DR Nyheder\""),
        "{}",
        p["notes"]
    );
    let page = crate::sign_in::get(&app, &format!("/editor/import/{token}?{q}"), Some(&cookie)).await;
    assert!(page.body.contains("name=\"accept_border\""), "the page asks to confirm");

    // Confirmed: Copenhagen is DK; Odense still needs a country.
    let p = preview(&app, &cookie, &token, &format!("{q}&accept_border=on")).await;
    assert_eq!((p["valid"].as_u64(), p["refused"].as_u64()), (Some(2), Some(1)));
    // A fixed country for all: everything is valid, and that is what is imported.
    let fixed = q.replace("country_from=point", "country_from=code&country=dk");
    let p = preview(&app, &cookie, &token, &fixed).await;
    assert_eq!((p["valid"].as_u64(), p["country_code"].as_str()), (Some(3), Some("DK")));
    let r = call(
        &app,
        "/_fn/import_confirm",
        &form(&[("token", &token), ("query", p["query"].as_str().expect("query"))]),
        OURS,
        Some(&cookie),
    )
    .await;
    let o: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(o["summary"], "Stored 3 new and 0 updated events as drafts.");
    assert!(rows(&app).await.iter().all(|r| r.contains("| DK site |")));
}

#[tokio::test]
async fn without_the_outlines_the_page_says_which_setting_and_imports_nothing_by_point() {
    let (app, cookie) = editor_app(false).await;
    let token = upload(&app, &cookie, "leaflet.js", &std::fs::read(real("leaflet-hamburg.js")).expect("fixture")).await;
    let p = preview(&app, &cookie, &token, "country_from=point&geo_precision=site").await;
    let problem = p["setup_error"].as_str().expect("a setup problem");
    assert!(
        problem.starts_with("Country from the point is not available: cannot read the country outlines "),
        "{problem}"
    );
    assert!(problem.contains("LEPTOS_SITE_ROOT"), "{problem}");
    let r = call(
        &app,
        "/_fn/import_confirm",
        &form(&[("token", &token), ("query", "country_from=point&geo_precision=site")]),
        OURS,
        Some(&cookie),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(rows(&app).await.is_empty());
}

#[tokio::test]
async fn the_form_keeps_letters_in_ids_and_refuses_a_leading_tab() {
    let (app, cookie) = editor_app(false).await;
    let fields = |title: &str, place: &str| {
        form(&[
            ("input[title]", title),
            ("input[kind]", "rally"),
            ("input[date_start]", "2024-02-29"),
            ("input[date_precision]", "exact"),
            ("input[location_name]", place),
            ("input[country_code]", "DK"),
            ("input[lon]", "12.57"),
            ("input[lat]", "55.6759"),
            ("input[geo_precision]", "site"),
            ("input[sources][0][name]", "DR"),
            ("status", "draft"),
        ])
    };
    let r = call(&app, "/_fn/save_event", &fields("Rally", "Rådhuspladsen, København"), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let again = call(&app, "/_fn/save_event", &fields("Rally", "Rådhuspladsen"), OURS, Some(&cookie)).await;
    let persian = call(&app, "/_fn/save_event", &fields("Rally", "میدان آزادی، تهران"), OURS, Some(&cookie)).await;
    assert_eq!((again.status, persian.status), (200, 200));
    let ids: Vec<String> = rows(&app).await.iter().map(|r| r.split(' ').next().unwrap_or("").to_owned()).collect();
    assert_eq!(ids, ["2024-02-29-mydn-azdy", "2024-02-29-radhuspladsen", "2024-02-29-radhuspladsen-2"]);
    // The same rule as the import: a title's leading tab is refused.
    let r = call(&app, "/_fn/save_event", &fields("\tRally", "Aarhus"), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("U+0009"), "{}", r.body);
}

/// Runs the real binary with standard output and error closed pipes (as
/// `rallymap import x.csv 2>&1 | head -0` leaves them): its exit code.
fn with_closed_pipes(args: &[&str]) -> i32 {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let (reader2, writer2) = std::io::pipe().expect("pipe");
    drop(reader2);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rallymap"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(writer2)
        .status()
        .expect("runs");
    status.code().unwrap_or(-1)
}

#[test]
fn a_closed_pipe_changes_neither_what_is_stored_nor_the_exit_code() {
    let dir = TempDir::new().expect("dir");
    let db = format!("sqlite://{}", dir.path().join("db.sqlite3").display());
    let good = dir.path().join("good.csv");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&good, csv(&["g1,Rally,rally,2024-03-01,Hamburg,DE,9.99,53.55,city,NDR,"])).expect("write");
    std::fs::write(&bad, csv(&["b1,Rally,rally,2024-03-01,Hamburg,DE,,,city,NDR,"])).expect("write");
    let (good, bad) = (good.to_string_lossy().into_owned(), bad.to_string_lossy().into_owned());
    // Was exit 2 ("Broken pipe") with stdout closed, and a panic (101) with
    // standard error closed too.
    assert_eq!(with_closed_pipes(&["--database-url", &db, "import", &good]), 0);
    let db2 = format!("sqlite://{}", dir.path().join("db2.sqlite3").display());
    assert_eq!(with_closed_pipes(&["--database-url", &db2, "import", "--valid-only", &good, &bad]), 3);
    assert_eq!(with_closed_pipes(&["--database-url", &db, "generate", "--events", "50"]), 0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rallymap"))
        .args(["--database-url", &db, "import", "--dry-run", &good])
        .output()
        .expect("runs");
    // Stored once, by the first run: the second finds the id taken.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "good.csv: row 2 (g1): id: an event \"g1\" already exists; choose \"update existing\" to replace it\n"
    );
}

#[tokio::test]
async fn the_page_previews_a_sync_and_keeps_the_dataset_in_step() {
    let (app, cookie) = editor_app(false).await;
    let fixture = |name: &str| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name);
    let first = ImportArgs { publish: true, ..args(&[&fixture("acled-iran-2025-02.csv")]) };
    assert_eq!(run(&app, &first).await.0, 0);
    let newer = std::fs::read(fixture("acled-iran-2025-02-newer.csv")).expect("fixture");
    let token = upload(&app, &cookie, "acled-iran-2025-02-newer.csv", &newer).await;
    // Without the choice, a plain import would refuse the ids that exist.
    let p = preview(&app, &cookie, &token, "").await;
    assert_eq!((p["sync"].as_bool(), p["sync_lines"].as_array().map(Vec::len)), (Some(false), Some(0)));
    // With it: the counts and the missing event, before anything is stored.
    let p = preview(&app, &cookie, &token, "sync=on").await;
    assert_eq!(
        p["sync_lines"],
        serde_json::json!([
            "sync: ACLED: 1 new, 1 updated, 2 unchanged, 0 older in the file, 1 missing from the file",
            "sync: 1 events of ACLED are not in this file; if it is a full export, the dataset no longer has them: \
             review each and remove it in the editor (nothing is removed by an import)",
            "missing: irn2003 (IRN2003): Excessive force against protesters in Zahedan",
        ])
    );
    assert_eq!(p["query"], "sync=on&source_name=acled-iran-2025-02-newer.csv");
    let page = crate::sign_in::get(&app, &format!("/editor/import/{token}?sync=on"), Some(&cookie)).await;
    assert!(page.body.contains("What keeping in step would do"), "the page shows the preview");
    let store = server::store::open(&db(&app)).await.expect("open");
    assert_eq!(store.revision("irn2005").await.expect("read"), None, "nothing stored by the preview");
    let r =
        call(&app, "/_fn/import_confirm", &form(&[("token", &token), ("query", "sync=on")]), OURS, Some(&cookie)).await;
    let o: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(
        o["summary"],
        "Kept ACLED in step: stored 1 new events as drafts and updated 1; 2 unchanged and 0 older in the file were \
         left as they are."
    );
    let history = store.history("irn2002").await.expect("history");
    let last = history.iter().max_by_key(|h| h.id).expect("an entry");
    assert_eq!(
        (last.editor.as_str(), last.note.as_deref()),
        ("anna", Some("synced from acled-iran-2025-02-newer.csv"))
    );
    assert!(store.revision("irn2003").await.expect("read").is_some(), "the missing one is listed, never removed");
}
