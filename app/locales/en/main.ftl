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
# A date with the same days in the second calendar.
date-both = { $date } ({ $second })

## Kinds of event and what a point stands for

kind-rally = Rally
kind-protest = Protest
kind-march = March
kind-vigil = Vigil
kind-banner_action = Banner action
kind-other = Other
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
popup-crowd = Crowd, as reported: { $crowd }
popup-sources = Source:
event-page = Event page
event-title = { $title } — rallymap
event-description = { $kind } · { $when } · { $place }, { $country }.
event-image = A map of { $place } with the event's marker
field-kind = Kind
field-when = When
field-where = Where
field-who = Who
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
not-found = Not found
not-found-text = There is nothing here.
back-to-map = Back to the map
