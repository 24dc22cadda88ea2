# rallymap's interface in English, the language every other one falls back
# to. One message per line: `key = text`; `{ $name }` is a value the page
# fills in. To add a language, copy this file to locales/<tag>/main.ftl and
# translate the right-hand sides (README, "Languages").

## About the language itself

# The language's own name, in the language switch.
language-name = English
# The digits numbers are written with, 0 to 9 in this order.
digits = 0123456789
# A second calendar shown beside the Gregorian date: none or solar-hijri.
second-calendar = none

## Dates. Months of the Gregorian calendar, then of the Solar Hijri one.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
solar-month-1 = Farvardin
solar-month-2 = Ordibehesht
solar-month-3 = Khordad
solar-month-4 = Tir
solar-month-5 = Mordad
solar-month-6 = Shahrivar
solar-month-7 = Mehr
solar-month-8 = Aban
solar-month-9 = Azar
solar-month-10 = Dey
solar-month-11 = Bahman
solar-month-12 = Esfand
# One day: 18 January 2020.
date-day = { $day } { $month } { $year }
# Days of one month: 18–20 January 2020.
date-days = { $first }–{ $last } { $month } { $year }
# Days in two months of one year: 30 January – 2 February 2020.
date-months = { $firstDay } { $firstMonth } – { $lastDay } { $lastMonth } { $year }
# Days in two years: 30 December 2019 – 2 January 2020.
date-years = { $first } – { $last }
# An event the source dates only roughly.
date-around = around { $range } (date not reported)
# A time of a change, where the editors' pages show one (English writes
# 2026-11-30 11:40 UTC instead).
date-time = { $date }, { $time } UTC
# A date with the same days in the second calendar.
date-both = { $date } ({ $second })

## Kinds of event and what a point stands for

kind-rally = Rally
kind-protest = Protest
kind-march = March
kind-vigil = Vigil
kind-banner_action = Banner action
kind-other = Other
kind-strike = Strike
kind-sit_in = Sit-in
kind-blockade = Blockade
kind-boycott = Boycott
kind-counter_protest = Counter-protest
conduct-peaceful = Peaceful
conduct-intervention = Met with intervention
conduct-excessive_force = Met with excessive force
conduct-violent = Turned violent
# Between the thousands of a number of people: 10,000.
number-group = ,
# Between the estimates of several sources: police: 2,000; organisers: 10,000.
list-semicolon = ;
yes = yes
no = no
place-site = at the venue
place-city = city centre; venue not reported
place-region = stands for several places in the area

## The map page

site-title = rallymap: reported rallies and protests
site-title-dash = rallymap — reported rallies and protests
tagline = Reported rallies and protests, by place and day
loading-events = Loading events…
loading = Loading…
no-events-yet = No events have been published yet.
# The window and its count where the slider is hidden.
window-line = { $when } · { $shown } of { $total } events
full-map = Full map ↗
events-in-window = Events in the window
summary-people-range = People reported: { $low }–{ $high } (at { $with } of { $events } events)
summary-people-none = No number of people reported for these { $events } events
summary-arrests = arrests: { $total }
summary-injuries = injured: { $total }
summary-fatalities = deaths: { $total }

# Shading countries by their events (README, "Shading countries").
shade-heading = Countries by events
shade-countries = Shade countries by events
unavailable = The map is temporarily unavailable
unavailable-text = Its database cannot be reached right now. Please try again in a minute.
clusters-people = Clusters show people reported
shade-legend = Events per country
shade-none = No events in this window.
shade-table = Table
shade-caption = Events by country in the window
shade-country = Country
shade-events = Events
shade-people = People reported
shade-people-none = not reported
shade-people-range = { $range } (at { $with } of { $events } events)
skip-map = Skip the map: to the list of events
map-label = Map of the events in the window
language = Language
legend = Legend
legend-exact = exact date
legend-approximate = approximate date
legend-region = several places
hint-wheel = Click the map or hold Ctrl (⌘ on a Mac) while scrolling to zoom
hint-two-fingers = Use two fingers to move the map
zoom-in = Zoom in
zoom-out = Zoom out
# A link's event (?event=…) that is not on the map: unknown, or removed.
event-not-found = The event in this link was not found. It may have been removed.
# The list of the events at one place, opened from a cluster that zooming
# cannot split.
crowd-heading = { $count ->
    [one] { $count } event at this place
   *[other] { $count } events at this place
}
# Which of them the page shows: 11–20 of 25.
crowd-page = { $first }–{ $last } of { $count }
crowd-previous = Previous
crowd-next = Next

## What a shared link of the map shows

preview-title = Rallies and protests, { $when } — rallymap
preview-description = { $count ->
    [one] { $count } reported rally or protest
   *[other] { $count } reported rallies and protests
} on a map, { $when }: where and when people gathered, each with its source.
preview-image = A map with the { $count } events of { $when }

## The date slider

date-window = Date window
play = Play
pause = Pause
date-from = From
date-to = to
window-count = { $shown } of { $total } events
first-after-last = The first day must not be after the last day ({ $date }).
last-before-first = The last day must not be before the first day ({ $date }).
handle-first = First day of the window
handle-last = Last day of the window

## The list of events

list-pages = Pages of the list
list-earlier = ← Earlier events
list-later = Later events →
list-empty = No events in this window. Widen the dates to see more.

## An event: popup and page

popup-who = Who: { $who }
popup-organisers = Organised by: { $who }
popup-conduct = What happened: { $conduct }
popup-online = Took place online; the point is the place it is attributed to.
popup-area = Area: { $area }
popup-claims = Demands: { $claims }
popup-crowd-numbers = Crowd: { $crowd }
popup-crowd-derived = { $crowd } (from the phrase, by the { $convention } convention)
popup-estimates = Estimates:
popup-arrests = Arrests: { $count }
popup-injuries = Injured: { $count }
popup-fatalities = Killed: { $count }
popup-damage = Property damage: { $answer }
popup-crowd = Crowd, as reported: { $crowd }
popup-sources = Source:
corroborated = { $count ->
    [one] Corroborated by { $count } reader report
   *[other] Corroborated by { $count } reader reports
}
event-page = Event page
event-title = { $title } — rallymap
event-description = { $kind } · { $when } · { $place }, { $country }.
event-image = A map of { $place } with the event's marker
field-kind = Kind
field-when = When
field-where = Where
field-who = Who took part
field-organisers = Organised by
field-conduct = What happened
field-online = Online
field-area = Area
field-claims = Demands
field-crowd-numbers = Crowd (numbers)
field-estimates = Estimates by source
field-outcomes = Outcomes
field-dataset = Dataset
field-crowd = Crowd (as reported)
sources = Sources
show-on-map = Show on the map

## Share and download

share-open = Share / embed
share-heading = Share this view
share-link = Link to this view
copy-link = Copy link
embed-heading = Embed it on your site
embed-show = Show
embed-slider = the date slider
embed-list = the list of events
embed-lock = only these dates (lock the window)
embed-title = Title line
embed-size = Size
embed-size-px = { $width } × { $height } px
embed-code = Embed code
copy-code = Copy code
close = Close
download = Download
download-window = The events in the window:
download-view = The events in the window and the map's view:
download-csv = CSV (spreadsheets)

## Other pages

sign-in-title = Sign in — rallymap
sign-in-heading = Editor sign-in
sign-in-name = Name
sign-in-password = Password
sign-in = Sign in
sign-in-accounts = Accounts are made by the site's administrator with
sign-in-invalid = That name and password do not match an editor account.
sign-in-throttled = Too many failed sign-ins. Try again in { $minutes } minutes.
sign-in-unavailable = Signing in is unavailable right now.
not-found = Not found
not-found-text = There is nothing here.
back-to-map = Back to the map

## The editors' pages

ed-page-title = { $page } — rallymap editor
ed-brand = rallymap editor
ed-nav = Editor
ed-all-events = All events
ed-new-event = New event
ed-import = Import
ed-public-map = Public map
ed-signed-in-as = Signed in as { $name }
ed-sign-out = Sign out
ed-sign-in-again = Sign in again (new tab)
# Where a page needs a session: "Please sign in." with a link on the words.
ed-please-sign-in = Please { $link }.
ed-sign-in-link = sign in
ed-error-sign-in = Please sign in again.
ed-error-not-found = There is no event with id "{ $id }".
ed-error-unavailable = Not saved: the database cannot be reached right now. Your changes are still in the form; try again in a moment.
ed-remove = Remove
ed-restore = Restore
ed-undo = Undo
ed-history = History
ed-seed-data = seed data
# What separates the items of a list in running text (a space follows).
list-comma = ,
ed-someone = someone
ed-changed-by = { $when } by { $who }

## The editors' list of events

ed-events = Events
ed-search-label = Search title or place
ed-search-placeholder = e.g. Stockholm
ed-show = Show
ed-search = Search
ed-show-current = Drafts and published
ed-show-draft = Drafts
ed-show-published = Published
ed-show-removed = Removed
ed-show-all = Everything
ed-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
ed-col-title = Title
ed-col-place = Place
ed-col-dates = Dates
ed-col-status = Status
ed-col-changed = Last change
ed-col-actions = Actions
ed-approx = { $dates } (approx.)
ed-status-removed = Removed
ed-status-draft = Draft
ed-status-published = Published
ed-removed-notice = Removed “{ $title }” from the public map. It is listed under Show: Removed.

## Editing one event

ed-edit-event = Edit event
ed-edit-title = Edit “{ $title }”
ed-state-removed = Removed: not on the public map or API
ed-state-draft = Draft: only editors see it
ed-state-published = Published: on the public map and API
ed-last-change = Id { $id } · version { $version } · last changed { $when } by { $who }
ed-saved = Saved.
ed-saved-public = Saved. It is on the public map now.
ed-public-page = Public page
ed-on-map = On the map

## The event form. Field labels (input-*) are also used in messages.

input-id = Id
input-title = Title
input-description = Description
input-kind = Kind
input-date_start = First day
input-date_end = Last day
input-date_precision = Date precision
input-location_name = Place
input-country_code = Country code
input-geometry = Point
input-geo_precision = Point stands for
input-conduct = What happened
input-admin1 = Province or state
input-admin2 = District or county
input-online = Online
input-organisers = Organisers
input-participants = Groups taking part
input-claims = Claims
input-crowd_size_low = Crowd size, low
input-crowd_size_high = Crowd size, high
input-crowd_size_derived = Crowd numbers derived by
input-crowd_estimates = Crowd estimates
input-arrests = Arrests
input-injuries = Participants injured
input-fatalities = Fatalities
input-property_damage = Property damage
input-dataset = Dataset
input-upstream_updated_at = Last change in its dataset
input-crowd_size_text = Crowd size
input-sources = Sources
input-tags = Tags
input-external_id = Id in its source
input-updated_at = Last change
input-status = Status
input-source = Source
input-source-name = Source name
input-source-url = URL
input-estimate = Estimate
input-estimate-low = Low
input-estimate-high = High
input-estimate-source = Given by
axis-longitude = longitude
axis-latitude = latitude
# Refused values in English are the API's own sentences; other languages
# give violation-<kind> messages (see locales/fa/main.ftl for the list).
# Values such as { $example }, { $standard } and { $crs } are put in as
# written, with Latin digits: they are what the editor types or looks up.
form-id-hint = Optional. Made from the date and place when left empty, e.g. { $example }. It cannot be changed later.
form-first-day-hint = The day it happened or began, as YYYY-MM-DD.
form-last-day-hint = YYYY-MM-DD; empty for a one-day event.
form-exact = Exact: it happened on every day of the range
form-approximate = Approximate: the source gives no exact date; some day of the range
form-place = Place, as reported
form-place-hint = e.g. “outside the White House, Washington, D.C.”
form-country-hint = { $standard }, e.g. SE, US, NL.
form-point = Point ({ $crs }, degrees)
form-point-hint = Click the map, drag the pin, or type: longitude east positive, latitude north positive; a dot or a comma before the decimals.
form-longitude = Longitude
form-latitude = Latitude
form-geo = The point stands for
form-organisers = Organisers (optional)
form-participants = Groups taking part (optional)
form-names-hint = As reported, names separated by “;”, e.g. “Students (Iran); Labor Group (Iran)”.
form-conduct = What happened (optional)
form-conduct-hint = ACLED’s sub-event types of demonstrations.
form-not-reported = not reported
form-yes = yes
form-no = no
form-admin1 = Province or state (optional)
form-admin2 = District or county (optional)
form-admin-hint = As the source names it; never guessed from the point.
form-online = Took place online
form-online-hint = Then the point is the place it is attributed to: choose city or region, not the venue.
form-claims = Demands (optional)
form-claims-hint = As reported, one line.
form-crowd-numbers = Crowd size in numbers (optional)
form-crowd-numbers-hint = Whole people as reported: one number in “low”, or a range. Empty: not reported.
form-crowd-derived = Numbers derived from the phrase by
form-crowd-derived-none = none: the source gave numbers
form-crowd-derived-ccc = the Crowd Counting Consortium’s convention (hundreds = 200, thousands = 2,000)
form-estimates = Estimates by source (optional)
form-estimates-hint = When sources disagree (police, organisers, media): each estimate with the name of one of the sources above.
form-outcomes = Outcomes (optional; empty: not reported, which is not zero)
form-dataset = Dataset (optional)
form-dataset-hint = The dataset it was imported from, e.g. ACLED; kept in step by “rallymap import --sync”.
form-upstream = Last change in its dataset (optional)
form-upstream-hint = RFC 3339, e.g. 2025-02-10T20:23:33Z (ACLED’s timestamp).
form-crowd = Crowd size (optional)
form-crowd-hint = The source's own words, e.g. “hundreds”. Never an estimate of ours.
form-description = Description (optional)
form-tags = Tags (optional)
form-tags-hint = Lower-case words separated by commas, e.g. mek, diaspora.
form-external-id = Id in its source (optional)
form-external-id-hint = The event’s id in the dataset or list it came from, exactly as written there, e.g. IRN1234. The event is also found by it.
form-draft = Draft: only editors see it
form-published = Published: on the public map and API at once
form-save = Save
form-saving = Saving…
form-cancel = Cancel
form-map-hint = Click the map to place the event; drag the pin to move it.
picker-label = Map: click to place the event, drag the pin to move it
picker-pin = The event’s place
form-sources-hint = At least one: who reported it, and where (http or https), if online.
form-source-name = Name
form-source-name-example = e.g. irannewsupdate
form-source-url = URL
form-remove-source = Remove source { $n }
form-add-source = Add a source
form-problems = { $count ->
    [one] Not saved: { $count } problem
   *[other] Not saved: { $count } problems
}
form-conflict = Not saved: { $who } saved this event while you were editing (now version { $version }).
form-conflict-same = Their version has the same fields as yours.
form-conflict-differs = Their version differs from yours here:
form-conflict-kept = Your changes are still in the form below. Saving again will replace their version with yours.

## An event's history

ed-history-of = History of “{ $title }”
ed-edit-the-event = Edit the event
# An event loaded from the seed files has no recorded change.
ed-history-none = No change has been recorded: this is the event as it was first loaded (seed data).
ed-reverted = Restored. The event is now at version { $version }.
ed-change-head = Version { $version } · { $what } by { $who } · { $when }
ed-action-created = Created
ed-action-updated = Edited
ed-action-deleted = Removed
ed-action-restored = Restored after removal
ed-action-reverted = Set back to an earlier version
ed-action-imported = Imported
ed-imported-from = Imported from { $file }
ed-change-deleted = Taken off the public map and API; the event is kept and can be restored.
ed-change-restored = Listed again: on the public map and API if published.
ed-change-none = No field changed.
ed-changed-fields = Changed: { $fields }.
ed-version-before = Version { $version }, before this change
ed-restore-version = Restore version { $version }

## Import

im-title = Import events
im-intro = GeoJSON (a FeatureCollection or a Feature, also inside a JavaScript file), CSV separated by commas, semicolons or tabs, or an ACLED export. You choose how the columns are read on the next page; nothing is stored before you confirm.
im-file = File
im-upload = Upload and preview
im-upload-label = Upload
im-uploaded = Uploaded; reading the file…
im-uploading = Uploading… { $percent } %
im-upload-failed = The upload failed ({ $status }).
im-unreachable = The upload failed: the server could not be reached.
im-err-no-file = file: choose a file to import.
im-err-empty = file: the file is empty.
im-err-too-large = The file is larger than { $max } MB, the upload limit. Split it, or ask the administrator to raise { $setting }.
im-err-not-a-form = The upload did not arrive as a whole form with a file; try again.
im-err-cannot-keep = The server cannot keep uploads right now (see its log).
im-err-unavailable = Not kept: the database cannot be reached right now. Try again in a moment.
im-err-back = Back to import
im-preview = Import preview
im-another = Upload another file
im-cannot = This file cannot be imported: { $error }
im-summary = { $format }: { $records } records, { $valid } valid, { $refused } refused.
im-columns = Columns
im-column = Column
im-first-values = First values
im-import-as = Import as
im-reading = Reading
im-dates = Dates
im-decimal-comma = Coordinates use a decimal comma ({ $example })
im-sync = Keep its dataset in step (ACLED, CCC): add new events, update those changed upstream since, list the ones the file lacks (nothing is removed)
im-sync-preview = What keeping in step would do
im-default-kind = Kind of rows without one
im-no-default-kind = (none: each row names its kind)
im-default-geo = Place precision of rows without one
im-no-default-geo = (none: each row gives it)
im-source-name = Source of rows without one
im-source-url = Its web address (optional)
im-source-hint = Rows that name their own source keep it; the file's name is the default. Leave the name empty to refuse rows without a source.
im-country = Country of rows without one
im-country-none = None: each row gives it
im-country-code = This country:
im-country-code-label = { $standard } code
im-country-point = The country the point lies in (the country outlines the map draws)
im-country-hint = A country column always wins. Points closer than { $km } km to another country, off a coast or in no country are listed for you to look at.
im-to-confirm = To confirm
im-accept-border = { $count ->
    [one] Take the proposed country for the { $count } row near a border or off a coast (listed with the refused records)
   *[other] Take the proposed countries for the { $count } rows near a border or off a coast (listed with the refused records)
}
im-accept-dates = { $count ->
    [one] The { $count } row dated before { $earliest } or after { $latest } is meant as written
   *[other] The { $count } rows dated before { $earliest } or after { $latest } are meant as written
}
im-update = Update preview
im-refused = Refused records
im-more = … and { $count } more
im-first-valid = First valid records
im-where = Where
im-latlon = Latitude, longitude
im-publish = Publish now (otherwise drafts)
im-valid-only = Store the valid records even if others are refused
im-update-existing = Update events whose id already exists
im-confirm = Import { $count } valid records
im-importing = Importing
im-storing = Checking and storing { $count } records…
# The filter panel (README, "Filters and search").
filters = Filters
filters-active = Active filters
filters-clear-all = Clear all filters
filters-total = { $count } events match
filter-remove = Remove filter { $value }
embed-filter-panel = the filter panel
embed-report = a “Report an event” link
embed-with-filters = with these filters and search
filter-q = Search titles, places, organisers
filter-kind = Kind
filter-conduct = What happened
filter-outcome = Outcomes reported
filter-outcome-arrests = Arrests
filter-outcome-injuries = Injuries
filter-outcome-fatalities = Deaths
filter-outcome-property-damage = Property damage
filter-crowd-size = Crowd size
filter-crowd-size-reported = Number reported
filter-crowd-size-not-reported = No number reported
filter-country-code = Country
filter-admin1 = Province or state
filter-actor = Organisers and groups
filter-tags = Tag
filter-dataset = Dataset
filter-date-precision = Dates
filter-date-precision-exact = Exact dates
filter-date-precision-approximate = Approximate dates
filter-geo-precision = Place
filter-geo-precision-site = At the venue
filter-geo-precision-city = City centre
filter-geo-precision-region = Region
filter-online = Online
filter-online-true = Online
filter-online-false = In person
filter-crowd-range = People reported
filter-crowd-min = at least
filter-crowd-max = at most
filter-crowd-between = { $low }–{ $high } people
filter-crowd-at-least = at least { $low } people
filter-crowd-at-most = at most { $high } people

## Readers' reports (/report)
report-link = Report an event
report-title = Report an event — rallymap
report-heading = Report an event
report-intro = Saw a rally or protest that is not on the map? Tell the editors. They check every report before anything is published; nothing you send here is shown to anyone else.
report-what-legend = What happened
report-what = What happened, in one line
report-description = More details (optional)
report-kind = Kind of event
report-crowd = How many people, in your words (optional)
report-where-legend = Where
report-place = Place (town, square, street)
report-country = Country code
report-point = The point
report-lat = Latitude (degrees north, e.g. 59.33)
report-lon = Longitude (degrees east, e.g. 18.07)
report-map-hint = Or click the map to fill them in; drag the pin to move it.
report-embed-link = Report an event ↗
report-when-legend = When
report-date-start = Day (or the first possible day)
report-date-end = Last possible day (optional)
report-approximate = The dates are approximate: it happened on some day between them
report-source-legend = How you know
report-source-url = A link to where it was reported
report-was-there = I was there
report-contact = Your e-mail, if the editors may ask you about it (optional)
report-contact-hint = Only the editors see it; it is never published.
report-contact-too-long = The e-mail address is longer than { $max } characters.
report-contact-not-an-address = That is not an e-mail address (name@example.org).
report-trap = Leave this empty
report-private = Your report goes to the editors only. Your network address is not stored; see the site's README on what is kept.
report-send = Send the report
report-refused-fields = { $count ->
    [one] The report was not sent: one field needs a correction.
   *[other] The report was not sent: { $count } fields need a correction.
}
report-too-fast = The report was not sent: it came faster than a person fills the form. Please check it and send it again.
report-expired = The report was not sent: the form was too old. Please check it and send it again.
report-throttled = You have sent many reports in the last hour. Please try again in { $minutes } minutes.
report-queue-full = The editors' queue is full right now. Please try again in a few hours.
report-unavailable = Reports cannot be received right now. Please try again in a few minutes.
report-received-title = Report received — rallymap
report-received-heading = Thank you: your report was received
report-already-heading = This report was already received
report-reference = Its reference:
report-next = An editor will check it against other sources. If it holds, they add the event to the map; nothing of the report itself is published. If you left an e-mail address, they may write to you; quote the reference.
report-another = Report another event
report-too-large = The report is larger than { $kb } KB; nothing was stored. Please shorten it.

## The editors' queue of readers' reports (/editor/reports)
rq-heading = Reports
rq-filter = Status
rq-show = Show
rq-count = { $count ->
    [one] { $count } report
   *[other] { $count } reports
}
rq-status-new = New
rq-status-in_review = In review
rq-status-accepted = Accepted
rq-status-rejected = Rejected
rq-status-spam = Spam
rq-received = received { $when }
rq-kind = Kind
rq-place = Place
rq-dates = Dates
rq-point = Point (latitude, longitude)
rq-source = How they know
rq-was-there = The reader was there
rq-crowd = Crowd
rq-contact = Contact (editors only)
rq-decided = { $status } by { $who }, { $when }.
rq-the-event = The event
rq-accept = Accept as a new event
rq-map-alt = Map of the reported point, { $place }, with the published events near it
rq-review = I am checking it
rq-spam = Mark as spam
rq-reason = Reason
rq-reject = Reject
rq-from-report = Filled from the reader's report { $reference }. Saving the event accepts the report.
rq-nearby = Or add it as a source to a published event near it (25 km, a day either side):
rq-merge = Add as a source
rq-km = { $km } km away
