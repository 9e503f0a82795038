"""The consent wording shown next to the sign-up box, kept verbatim with every sign-up."""

from django.utils.translation import gettext_lazy as _

CONSENT_WORDING = _(
    "Yes, email me the free backwell newsletter (about one email a month: new articles and "
    "self-care tips). I can unsubscribe at any time with one click."
)
