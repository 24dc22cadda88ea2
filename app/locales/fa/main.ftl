# رابط rallymap به فارسی. Persian; keys as in locales/en/main.ftl, which
# explains each one. Event text is never translated, only the interface.

language-name = فارسی
digits = ۰۱۲۳۴۵۶۷۸۹
second-calendar = solar-hijri

month-1 = ژانویه
month-2 = فوریه
month-3 = مارس
month-4 = آوریل
month-5 = مه
month-6 = ژوئن
month-7 = ژوئیه
month-8 = اوت
month-9 = سپتامبر
month-10 = اکتبر
month-11 = نوامبر
month-12 = دسامبر
solar-month-1 = فروردین
solar-month-2 = اردیبهشت
solar-month-3 = خرداد
solar-month-4 = تیر
solar-month-5 = مرداد
solar-month-6 = شهریور
solar-month-7 = مهر
solar-month-8 = آبان
solar-month-9 = آذر
solar-month-10 = دی
solar-month-11 = بهمن
solar-month-12 = اسفند
date-day = { $day } { $month } { $year }
# «تا» rather than a dash: a dash between numbers reads backwards in right-to-left text.
date-days = { $first } تا { $last } { $month } { $year }
date-months = { $firstDay } { $firstMonth } تا { $lastDay } { $lastMonth } { $year }
date-years = { $first } تا { $last }
date-around = حدود { $range } (تاریخ دقیق گزارش نشده)
date-both = { $date } ({ $second })

kind-rally = تجمع
kind-protest = اعتراض
kind-march = راهپیمایی
kind-vigil = مراسم یادبود
kind-banner_action = نصب بنر
kind-other = دیگر
place-site = در محل رویداد
place-city = مرکز شهر؛ محل دقیق گزارش نشده
place-region = نمایندهٔ چند مکان در این منطقه

site-title = rallymap: تجمع‌ها و اعتراض‌های گزارش‌شده
site-title-dash = rallymap — تجمع‌ها و اعتراض‌های گزارش‌شده
tagline = تجمع‌ها و اعتراض‌های گزارش‌شده، به تفکیک مکان و روز
loading-events = در حال بارگذاری رویدادها…
loading = در حال بارگذاری…
no-events-yet = هنوز هیچ رویدادی منتشر نشده است.
window-line = { $when } · { $shown } از { $total } رویداد
full-map = نقشهٔ کامل ↖
events-in-window = رویدادهای این بازه
skip-map = رد شدن از نقشه: رفتن به فهرست رویدادها
map-label = نقشهٔ رویدادهای این بازه
language = زبان
legend = راهنمای نقشه
legend-exact = تاریخ دقیق
legend-approximate = تاریخ تقریبی
legend-region = چند مکان
hint-wheel = برای بزرگ‌نمایی روی نقشه کلیک کنید یا هنگام پیمایش Ctrl (در مک ⌘) را نگه دارید
hint-two-fingers = برای جابه‌جا کردن نقشه از دو انگشت استفاده کنید
zoom-in = بزرگ‌نمایی
zoom-out = کوچک‌نمایی

preview-title = تجمع‌ها و اعتراض‌ها، { $when } — rallymap
preview-description = { $count } تجمع و اعتراض گزارش‌شده روی نقشه، { $when }: مردم کجا و کی گرد هم آمدند، هر کدام با منبعش.
preview-image = نقشه‌ای با { $count } رویداد { $when }

date-window = بازهٔ تاریخ
play = پخش
pause = توقف
date-from = از
date-to = تا
window-count = { $shown } از { $total } رویداد
first-after-last = روز نخست نباید بعد از روز آخر ({ $date }) باشد.
last-before-first = روز آخر نباید پیش از روز نخست ({ $date }) باشد.
handle-first = نخستین روز بازه
handle-last = آخرین روز بازه

list-pages = صفحه‌های فهرست
list-earlier = → رویدادهای پیشین
list-later = رویدادهای بعدی ←
list-empty = در این بازه رویدادی نیست. برای دیدن رویدادهای بیشتر، بازهٔ تاریخ را بازتر کنید.

popup-who = چه کسانی: { $who }
popup-crowd = جمعیت، طبق گزارش: { $crowd }
popup-sources = منبع:
event-page = صفحهٔ رویداد
event-title = { $title } — rallymap
event-description = { $kind } · { $when } · { $place }، { $country }.
event-image = نقشهٔ { $place } با نشانگر رویداد
field-kind = نوع
field-when = زمان
field-where = مکان
field-who = چه کسانی
field-crowd = جمعیت (طبق گزارش)
sources = منابع
show-on-map = نمایش روی نقشه

share-open = اشتراک‌گذاری / جاسازی
share-heading = اشتراک‌گذاری این نما
share-link = پیوند این نما
copy-link = رونوشت پیوند
embed-heading = جاسازی در وب‌سایت شما
embed-show = نمایش
embed-slider = نوار تاریخ
embed-list = فهرست رویدادها
embed-lock = فقط همین تاریخ‌ها (قفل کردن بازه)
embed-title = عنوان
embed-size = اندازه
embed-size-px = { $width } × { $height } پیکسل
embed-code = کد جاسازی
copy-code = رونوشت کد
close = بستن
download = دریافت
download-window = رویدادهای این بازه:
download-view = رویدادهای این بازه و این نمای نقشه:
download-csv = CSV (صفحه‌گسترده)

sign-in-title = ورود — rallymap
sign-in-heading = ورود ویراستاران
sign-in-name = نام
sign-in-password = گذرواژه
sign-in = ورود
sign-in-accounts = حساب‌ها را مدیر سایت با این فرمان می‌سازد:
not-found = پیدا نشد
not-found-text = اینجا چیزی نیست.
back-to-map = بازگشت به نقشه
