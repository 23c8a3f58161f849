"""Labels of strategy models that the public pages show, for this app's catalogue.

The choice labels and field names of ``strategia.strategy`` and
``strategia.organisations`` (statuses, plan and goal kinds, §37 themes, the
field names of the change summary) are marked here with ``gettext_noop`` so
that makemessages puts them in the public site's catalogue. Gettext merges the
catalogues of all apps: if those apps get catalogues of their own, theirs come
first in INSTALLED_APPS and take precedence; nothing here changes behaviour.
"""

from django.utils.translation import gettext_noop

STRATEGY_LABELS = [
    # MeasureStatus
    gettext_noop("not started"),
    gettext_noop("on track"),
    gettext_noop("delayed"),
    gettext_noop("at risk"),
    gettext_noop("completed"),
    gettext_noop("cancelled"),
    # Visibility
    gettext_noop("public"),
    gettext_noop("internal"),
    # Plan.Kind
    gettext_noop("strategy"),
    gettext_noop("programme"),
    gettext_noop("policy"),
    gettext_noop("wellbeing plan"),
    gettext_noop("wellbeing report"),
    gettext_noop("other plan"),
    # Goal.Kind
    gettext_noop("mission"),
    gettext_noop("vision"),
    gettext_noop("goal"),
    gettext_noop("sub-goal"),
    # CouncilTheme (Kuntalaki 410/2015 §37)
    gettext_noop("promoting residents' wellbeing"),
    gettext_noop("organising and producing services"),
    gettext_noop("statutory service targets"),
    gettext_noop("ownership policy"),
    gettext_noop("personnel policy"),
    gettext_noop("residents' participation and influence"),
    gettext_noop("living environment and the vitality of the area"),
    # Unit.Kind
    gettext_noop("division"),
    gettext_noop("responsibility area"),
    gettext_noop("unit"),
    gettext_noop("governing body"),
    # Measure fields named in the change summary
    gettext_noop("identifier"),
    gettext_noop("address name"),
    gettext_noop("name"),
    gettext_noop("description"),
    gettext_noop("goals served"),
    gettext_noop("responsible unit"),
    gettext_noop("start date"),
    gettext_noop("end date"),
    gettext_noop("status"),
    gettext_noop("progress (%)"),
    gettext_noop("cost estimate (€)"),
    gettext_noop("budget reference"),
    gettext_noop("visibility"),
]
