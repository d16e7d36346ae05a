"""A multilingual theme is named in the reader's language; a facilitator's name always wins."""

from flask_babel import force_locale

from consult.models import Theme
from consult.web.templating import theme_name


def test_the_reader_gets_the_name_in_their_language(app):
    theme = Theme(label="Housing", names={"en": "Housing", "es": "Vivienda asequible"},
                  named_by_facilitator=False)
    with app.test_request_context():
        with force_locale("es"):
            assert theme_name(theme) == "Vivienda asequible"
        with force_locale("fr"):
            assert theme_name(theme) == "Housing"  # no French ideas: the majority's name
        theme.named_by_facilitator, theme.label = True, "Homes people can afford"
        with force_locale("es"):
            assert theme_name(theme) == "Homes people can afford"
