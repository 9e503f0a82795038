"""How dates read on every page and in every text the site writes, in English: "7 December 2026".

Django's own English formats ("Dec. 7, 2026") are replaced so that pages, emails, charts and
Python-made labels share one style; other languages keep their own locale's formats.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
# Chart ticks, where the year would crowd the axis: the same style without it.
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
