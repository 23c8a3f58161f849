"""Writes of participation: the one door for each (see the modules for the rules).

Views, the admin and commands call these; nothing else writes the models.
"""

from strategia.core.locking import VersionConflict

from .engagement import comment_add, idea_follow, idea_support, idea_unfollow, idea_unsupport
from .ideas import (
    AnswerData,
    IdeaData,
    idea_answer_save,
    idea_assign,
    idea_measures_set,
    idea_publish,
    idea_submit,
)
from .initiatives import InitiativeData, InitiatorData, initiative_save
from .moderation import (
    content_hide,
    content_report,
    content_unhide,
    participant_block,
    participant_unblock,
    reports_dismiss,
)
from .privacy import participant_delete, participant_export
from .residents import (
    participant_register,
    participant_update,
    participant_verify,
    unverified_participants_remove,
    verification_token,
)
from .settings import participation_settings_update

__all__ = [
    "AnswerData",
    "IdeaData",
    "InitiativeData",
    "InitiatorData",
    "VersionConflict",
    "comment_add",
    "content_hide",
    "content_report",
    "content_unhide",
    "idea_answer_save",
    "idea_assign",
    "idea_follow",
    "idea_measures_set",
    "idea_publish",
    "idea_submit",
    "idea_support",
    "idea_unfollow",
    "idea_unsupport",
    "initiative_save",
    "participant_block",
    "participant_delete",
    "participant_export",
    "participant_register",
    "participant_unblock",
    "participant_update",
    "participant_verify",
    "participation_settings_update",
    "reports_dismiss",
    "unverified_participants_remove",
    "verification_token",
]
