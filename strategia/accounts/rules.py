"""Who may do what: the one place for permission rules.

Predicates from django-rules. Views, the API and the admin ask through
``user.has_perm("strategy.view_internal", organisation)`` or the predicates
here; nothing else decides access.
"""

import rules


@rules.predicate
def is_active_staff(user, organisation=None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_superuser(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


# Internal content (measures marked internal, drafts) is for the organisation's
# own people; anonymous visitors and the public never see it.
can_view_internal = is_superuser | is_active_staff

rules.add_perm("strategy.view_internal", can_view_internal)
