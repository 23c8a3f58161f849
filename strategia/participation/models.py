"""Residents' participation: ideas, their official answers and the measures that carry them out;
supports, comments and following; moderation; the register of initiatives (kuntalaisaloite).

An idea goes submitted → published (at once, or after pre-moderation when
the organisation turns it on) → under consideration (assigned to a unit with
a due date for the answer) → answered (a published ``IdeaAnswer``) → carried
out (linked to one or more measures). The rules live in ``services``; the
models only state facts about their own rows.

Residents are ordinary ``accounts.User`` rows that hold no role, with a
``Participant`` profile (display name, verified address, mail choice); the
e-mail address stays on the user and is never shown or exported publicly.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategia.organisations.models import Organisation, Unit


class ParticipationSettings(models.Model):
    """How one organisation runs participation."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="participation_settings",
        verbose_name=_("organisation"),
    )
    premoderation = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("New ideas are shown publicly only after a moderator has published them."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=30,
        help_text=_("The default due date of an answer, counted from the assignment."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participation settings")
        verbose_name_plural = _("participation settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Participant(models.Model):
    """A resident's profile: the name shown, a verified address, how news is mailed."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("at once, one mail per event")
        DAILY = "daily", _("once a day, in one digest")
        WEEKLY = "weekly", _("once a week, in one digest")
        NONE = "none", _("no mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    display_name = models.CharField(_("display name"), max_length=60)
    email_verified_at = models.DateTimeField(_("address verified"), null=True, blank=True)
    delivery = models.CharField(
        _("news of followed ideas"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.DAILY,
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("blocked"), null=True, blank=True)
    blocked_reason = models.TextField(_("reason for blocking"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class Moderated(models.Model):
    """What moderation records on a resident's text: hidden or not, why, by whom."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(
        _("reason for hiding"), blank=True, help_text=_("Shown to the author.")
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # Hidden automatically after enough reports; a moderator decides whether it stays so.
    awaits_review = models.BooleanField(_("awaits review"), default=False)

    class Meta:
        abstract = True


class IdeaState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("idea state", "waiting for moderation")
    PUBLISHED = "published", pgettext_lazy("idea state", "published")
    UNDER_CONSIDERATION = "under_consideration", pgettext_lazy("idea state", "under consideration")
    ANSWERED = "answered", pgettext_lazy("idea state", "answered")
    CARRIED_OUT = "carried_out", pgettext_lazy("idea state", "carried out")


class Idea(Moderated):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("organisation")
    )
    # Kept when the author deletes their account: the idea stays, as "deleted user".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Stored as written; shown as limited Markdown."))
    goals = models.ManyToManyField(
        "strategy.Goal", blank=True, related_name="ideas", verbose_name=_("goals it serves")
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("An address or a district.")
    )
    service = models.CharField(_("service"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=IdeaState.choices, default=IdeaState.SUBMITTED
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("responsible unit"),
    )
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    measures = models.ManyToManyField(
        "strategy.Measure",
        blank=True,
        related_name="ideas",
        verbose_name=_("measures that carry it out"),
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "is_hidden"]),
            models.Index(fields=["organisation", "unit", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:idea_detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state != IdeaState.SUBMITTED and not self.is_hidden

    def is_late(self, today: datetime.date) -> bool:
        return (
            self.state == IdeaState.UNDER_CONSIDERATION
            and self.due_date is not None
            and self.due_date < today
        )


class AnswerKind(models.TextChoices):
    TAKEN_FORWARD = "taken_forward", _("taken forward")
    PARTLY = "partly", _("partly taken forward")
    UNDERWAY = "underway", _("already underway")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("not taken forward")


class IdeaAnswer(models.Model):
    """One version of the official answer to an idea.

    Each published version stays (the answer's history); the public answer is
    the latest published one. A version not yet published is a draft — at
    most one per idea, the services see to it — which can be edited and
    published later.
    """

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="answers", verbose_name=_("idea")
    )
    kind = models.CharField(_("answer"), max_length=20, choices=AnswerKind.choices)
    text = models.TextField(_("official answer"))
    reasons = models.TextField(_("reasons"), blank=True)
    decide_by = models.DateField(
        _("measures decided by"),
        null=True,
        blank=True,
        help_text=_("When the measures are not yet known: the date by which they are decided."),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="idea_answers", verbose_name=_("answered by")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea"],
                condition=models.Q(published_at__isnull=True),
                name="idea_answer_one_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_kind_display()}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Support(models.Model):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idea")
    )
    # Kept (without the person) when the account is deleted, so the count stays true.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="idea_supports",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(user__isnull=False),
                name="support_one_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}/{self.user_id}"


class Comment(Moderated):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="idea_comments",
        verbose_name=_("author"),
    )
    # One reply level: a reply's parent is a top-level comment (services check it).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.idea.get_absolute_url()}#comment-{self.pk}"


class Follow(models.Model):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="follows", verbose_name=_("idea")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_follows",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="follow_once_per_idea")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class IdeaNotice(models.Model):
    """One piece of news about a followed idea for one follower.

    Answers and state changes are written by the services in the same
    transaction as the change; published status updates of linked measures are
    picked up by ``send_participation_digest`` (one notice per follower and
    update, the unique constraint keeps reruns from doubling them). Mailed at
    once or in the follower's daily or weekly digest, then stamped ``sent_at``.
    """

    class Event(models.TextChoices):
        STATE = "state", _("state changed")
        ANSWERED = "answered", _("answered")
        MEASURE_UPDATE = "measure_update", _("progress of a measure")

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="notices", verbose_name=_("idea")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_notices",
        verbose_name=_("user"),
    )
    recipient_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=5)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Participant.Delivery.choices)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    state = models.CharField(_("new state"), max_length=20, choices=IdeaState.choices, blank=True)
    status_update = models.ForeignKey(
        "monitoring.StatusUpdate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status update"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("idea notice")
        verbose_name_plural = _("idea notices")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idea", "status_update"],
                condition=models.Q(status_update__isnull=False),
                name="idea_notice_update_once",
            )
        ]
        indexes = [models.Index(fields=["sent_at", "delivery"])]

    def __str__(self) -> str:
        return f"{self.recipient_email}: {self.event}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    OFFENSIVE = "offensive", _("offensive or inappropriate")
    OFF_TOPIC = "off_topic", _("off-topic")
    PERSONAL_DATA = "personal_data", _("contains personal data")


class ContentReport(models.Model):
    """A reader's report that an idea or comment breaks the rules."""

    idea = models.ForeignKey(
        Idea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("idea"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("content report")
        verbose_name_plural = _("content reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, comment__isnull=True)
                | models.Q(idea__isnull=True, comment__isnull=False),
                name="content_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=models.Q(reporter__isnull=False, idea__isnull=False),
                name="content_report_idea_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(reporter__isnull=False, comment__isnull=False),
                name="content_report_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()


class ModerationEvent(models.Model):
    """What a moderator did, and why: the moderation log."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        HIDE = "hide", _("hidden")
        AUTO_HIDE = "auto_hide", _("hidden automatically after reports")
        UNHIDE = "unhide", _("shown again")
        DISMISS = "dismiss", _("reports dismissed")
        BLOCK = "block", _("account blocked")
        UNBLOCK = "unblock", _("account unblocked")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    idea = models.ForeignKey(
        Idea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("idea"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.get_action_display()


# --- Initiatives (kuntalaisaloite, Kuntalaki 410/2015 §23) -----------------------------


class Initiative(models.Model):
    class Channel(models.TextChoices):
        PAPER = "paper", _("on paper or by mail")
        NATIONAL = "national", _("the national service kuntalaisaloite.fi")
        SITE = "site", _("this site")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("initiative status", "received")
        IN_PREPARATION = "in_preparation", pgettext_lazy("initiative status", "in preparation")
        DECIDED = "decided", pgettext_lazy("initiative status", "decided")
        WITHDRAWN = "withdrawn", pgettext_lazy("initiative status", "withdrawn or lapsed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    identifier = models.CharField(
        _("register number"), max_length=40, blank=True, help_text=_("e.g. the diary number.")
    )
    subject = models.CharField(_("subject"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    submitted_on = models.DateField(_("date submitted"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_url = models.URLField(_("link"), blank=True, help_text=_("e.g. on kuntalaisaloite.fi"))
    body = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("body responsible"),
    )
    status = models.CharField(
        _("handling status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    decision = models.TextField(_("decision"), blank=True)
    decision_date = models.DateField(_("date of decision"), null=True, blank=True)
    measures = models.ManyToManyField(
        "strategy.Measure", blank=True, related_name="initiatives", verbose_name=_("measures")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("participation:initiative_detail", kwargs={"pk": self.pk})


class Initiator(models.Model):
    """One initiator of an initiative. The name is stored; it is shown only if they chose so."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="initiators",
        verbose_name=_("initiative"),
    )
    name = models.CharField(_("name"), max_length=200)
    show_name = models.BooleanField(_("name may be shown publicly"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("initiator")
        verbose_name_plural = _("initiators")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class AnswerReminder(models.Model):
    """A reminder sent of an idea's answer: before it is due (sequence -1) or late (0, 1, …).

    The unique key keeps ``send_reminders`` from sending the same one twice.
    """

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("idea")
    )
    recipient_email = models.EmailField(_("recipient"))
    sequence = models.SmallIntegerField(_("sequence"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("answer reminder")
        verbose_name_plural = _("answer reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "recipient_email", "sequence"], name="answer_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.idea_id} {self.recipient_email} #{self.sequence}"
