"""What a tracking code tells of its idea, in one text message: received, published, in a
theme, answered (with the answer's first words). The same words serve the reply to a code
texted back, the web page that reads a code, and the news texted to residents who asked.

Read like an idea's page, from the parts of the product that come after ideas (themes and
answers); the webhook's view and the news job hand `status_text` to the services.
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy.orm import Session

from consult.core.labels import label
from consult.ideas.channels import replies
from consult.ideas.channels.models import ChannelMessage
from consult.ideas.channels.segments import fits, shorten
from consult.ideas.models import SubmissionStatus
from consult.responses.answer_text import text_for
from consult.responses.answers import standing_for_ideas
from consult.responses.models import Response
from consult.themes.models import Theme
from consult.themes.views import public_theme_of

ROOM = 160  # the most characters a value may take before it is shortened to fit
STEP = 6
PLAIN = {SubmissionStatus.PENDING: "status_pending", SubmissionStatus.HIDDEN: "status_hidden",
         SubmissionStatus.WITHDRAWN: "status_withdrawn"}


def fitted(key: str, language: str, name: str, value: str, **values: object) -> str:
    """The reply `key` with `value` as its `name`, shortened at a word until the whole reply
    fits the segments a reply may take."""
    for room in range(ROOM, -1, -STEP):
        reply = replies.text(key, language, **{name: shorten(value, room)}, **values)
        if fits(reply):
            return reply
    return replies.text(key, language, **{name: ""}, **values)


def theme_name(theme: Theme, language: str) -> str:
    """The theme's name in `language` when it has one there; a facilitator's name wins."""
    names = theme.names or {}
    if theme.named_by_facilitator or not names:
        return theme.label
    return names.get(language) or theme.label


def answer_words(answer: Response, language: str) -> str:
    """The answer's text for a reader of `language` (an idea answered with its theme reads
    the theme's answer)."""
    words = text_for(answer, language).text
    if not words and answer.from_theme is not None:
        words = text_for(answer.from_theme, language).text
    return words or ""


def answered(key: str, code: str, answer: Response, language: str) -> str:
    with force_locale(language):
        status = label(answer.status)
    return fitted(key, language, "words", answer_words(answer, language), code=code,
                  status=status)


def status_text(session: Session, message: ChannelMessage, language: str) -> str:
    """The status of the idea `message` brought, in `language`, in one text message."""
    submission, code = message.submission, message.tracking_code or ""
    if submission.status in PLAIN:
        return replies.text(PLAIN[submission.status], language, code=code)
    answer = standing_for_ideas(session, [submission.id]).get(submission.id)
    if answer is not None:
        return answered("status_answered", code, answer, language)
    theme = public_theme_of(session, submission)
    if theme is not None:
        return fitted("status_theme", language, "theme", theme_name(theme, language), code=code)
    return replies.text("status_published", language, code=code)
