"""Make the Django admin honour the same permission rules as the rest of the site.

First version: staff see the admin as Django's model permissions allow. The
ACCESS work replaces this with object-level rules from ``rules.py``.
"""

from django.contrib import admin


class RuleBasedAdminMixin(admin.ModelAdmin):
    """Admin base for organisation-scoped content."""
