"""Property-based: random and hostile input into every form and upload never gives a 500.

For each form a role fills in, hypothesis sends field values drawn from script tags, SQL fragments,
odd Unicode, NUL bytes, huge and far-away dates, numbers out of range and random text. A rejected
form must change nothing that is stored, and what it shows back must be escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registrations.forms import AnswerForm, ObjectionForm
from stapteam.platform.roles import Role
from tests.storage import stored_rows
from tests.test_permission_matrix import (
    this_years_settings,
    world,  # noqa: F401 - the shared world fixture
)

SCRIPT = '<script>alert("stap")</script>'
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE stapteam_client; --",
    "1 OR 1=1",
    "\u202egnp.exe",
    "\x00",
    "Zoë 𝕊𝕋𝔸ℙ 🙂 ﷽",
    "x" * 5000,
    "",
    " ",
    "-1",
    "0",
    "1e400",
    "NaN",
    "99999999999999999999",
    "12,345",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "31-12-2024",
    "../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
files = st.builds(
    lambda name, body: SimpleUploadedFile(name, body),
    st.sampled_from(["bon.jpg", "x.eml", "<script>.pdf", "../../x.msg", "a" * 300, "leeg.pdf"]),
    st.one_of(
        st.binary(max_size=2000),
        st.just(b""),
        st.just(b"%PDF-1.7 " + SCRIPT.encode()),
        st.just(b"\xff\xd8\xff" + SCRIPT.encode()),
    ),
)


@dataclass(frozen=True)
class FormPage:
    url_name: str
    role: Role
    args: Any = None  # builds the URL arguments from the world
    uploads: tuple[str, ...] = ()  # a POST-only URL: its file fields, named here
    form: type[forms.BaseForm] | None = None  # a POST-only URL: the form it validates with


FORMS = [
    FormPage("stapteam:client_create", Role.CASEMANAGER),
    FormPage("stapteam:client_edit", Role.CASEMANAGER, lambda w: [w.client.pk]),
    FormPage("stapteam:client_access", Role.CASEMANAGER, lambda w: [w.other_client.pk]),
    FormPage("stapteam:contact_create", Role.CASEMANAGER),
    FormPage("stapteam:goal_create", Role.CASEMANAGER, lambda w: [w.client.pk]),
    FormPage("stapteam:zrm_create", Role.CASEMANAGER, lambda w: [w.client.pk]),
    FormPage("stapteam:escalation_create", Role.CASEMANAGER, lambda w: [w.client.pk]),
    FormPage("stapteam:client_close", Role.CASEMANAGER, lambda w: [w.client.pk]),
    FormPage("stapteam:user_edit", Role.FUNCTIONAL_ADMIN, lambda w: [w.cast[Role.CASEMANAGER].pk]),
    FormPage("registrations:request_create", Role.SECRETARIAT),
    FormPage("registrations:mail_upload", Role.SECRETARIAT, uploads=("file",)),
    FormPage("registrations:mail_detail", Role.SECRETARIAT, lambda w: [w.mail.pk]),
    FormPage(
        "registrations:request_answer",
        Role.SECRETARIAT,
        lambda w: [w.application.pk],
        form=AnswerForm,
    ),
    FormPage("registrations:day_passes", Role.SECRETARIAT),
    FormPage("registrations:advice_answer", Role.COORDINATOR, lambda w: [w.advice.pk]),
    FormPage(
        "registrations:objection_create",
        Role.SECRETARIAT,
        lambda w: [w.application.pk],
        form=ObjectionForm,
    ),
    FormPage("timeout:request_create", Role.CASEMANAGER),
    FormPage("budgets:expense_create", Role.CASEMANAGER),
    FormPage("budgets:grant_create", Role.FUNCTIONAL_ADMIN, lambda w: [w.budget.pk]),
    FormPage("budgets:entry_reverse", Role.COORDINATOR, lambda w: [w.expense.pk]),
    FormPage("stapteam:beheer_create", Role.FUNCTIONAL_ADMIN, lambda w: ["netwerkpartners"]),
    FormPage("stapteam:beheer_edit_single", Role.FUNCTIONAL_ADMIN, lambda w: ["brieven"]),
    FormPage("stapteam:beheer_edit", Role.FUNCTIONAL_ADMIN, this_years_settings),
]


def form_fields(client: Any, url: str) -> dict[str, forms.Field]:
    """The fields of the page's form (the view puts it in the context as `form`)."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context.get("form")
    if form is None:  # a page whose form is not called `form`: post to its known field names
        return {}
    return dict(form.fields)


@pytest.mark.django_db
@pytest.mark.parametrize("page", FORMS, ids=[f.url_name for f in FORMS])
def test_hostile_input_never_breaks_a_form(client, world, page: FormPage) -> None:  # noqa: F811
    client.force_login(world.cast[page.role])
    url = reverse(page.url_name, args=page.args(world) if page.args else None)
    if page.form is not None:
        fields = dict(page.form().fields)
    elif page.uploads:
        fields = {name: forms.FileField() for name in page.uploads}
    else:
        fields = form_fields(client, url)
    text_fields = [n for n, f in fields.items() if not isinstance(f, forms.FileField)]
    file_fields = [n for n, f in fields.items() if isinstance(f, forms.FileField)]

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        data=st.fixed_dictionaries({name: values for name in text_fields or ["q"]}),
        uploads=st.fixed_dictionaries({name: files for name in file_fields}),
    )
    def send(data: dict[str, str], uploads: dict[str, Any]) -> None:
        before = stored_rows()
        response = client.post(url, {**data, **uploads})
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        if response.status_code != 302:
            assert stored_rows() == before, "a rejected form stored something"
        assert SCRIPT not in response.content.decode(errors="replace")

    send()
