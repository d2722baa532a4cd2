"""Requests for the secretariat: the Awb deadline radar, one request and each of its steps."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations import services
from registrations.access import (
    decision_of,
    get_letter_for,
    get_objection_for,
    get_request_for,
)
from registrations.forms import (
    AnswerForm,
    ChangeForm,
    CompletionForm,
    DecisionForm,
    ExtendForm,
    LetterForm,
    NotifyForm,
    ObjectionDecisionForm,
    ObjectionForm,
    RequestForm,
    StopForm,
    SuspendForm,
)
from registrations.letters import LetterSettingsMissing, LetterTemplateBroken
from registrations.letters import decision_letter as render_letter
from registrations.models import (
    Decision,
    InboundMail,
    LetterKind,
    RegistrationRequest,
    RegistrationSettings,
)
from registrations.radar import running_terms
from stapteam.access import AuthenticatedRequest
from stapteam.models import AccessLogEntry
from stapteam.platform.access_log import log_access
from stapteam.platform.dates import days_left
from stapteam.platform.pagination import paginate

Status = RegistrationRequest.Status
Action = AccessLogEntry.Action


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """The deadline radar: every running legal term, the nearest first; overdue ones marked."""
    terms = running_terms(timezone.localdate())
    handled = (
        RegistrationRequest.objects.filter(status__in=[Status.NOTIFIED, Status.HANDLED])
        .select_related("person")
        .order_by("-received_on")[:20]
    )
    page = paginate(request, terms)
    # htmx asks for another page of the terms only.
    template = "registrations/request_list.html" + ("#terms" if request.htmx else "")
    context = {"terms": page.object_list, "page": page, "handled": handled}
    return render(request, template, context)


def create_request_from(
    form: RequestForm, *, owner: Any, mail: InboundMail | None = None
) -> RegistrationRequest:
    """A request from the (valid) request form: an existing person, or a new one from its fields."""
    data = form.cleaned_data
    return services.create_request(
        kind=data["kind"],
        received_on=data["received_on"],
        channel=data["channel"],
        owner=owner,
        person=data["existing_person"],
        person_fields=form.person_fields() if not data["existing_person"] else None,
        summary=data["summary"],
        submitted_by=data["submitted_by"],
        representative=data["representative"].strip(),
        wished_start=data["wished_start"],
        mail=mail,
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def request_create(request: AuthenticatedRequest) -> HttpResponse:
    """A request that came in at the desk or by phone."""
    form = RequestForm(
        request.POST or None,
        initial={"received_on": timezone.localdate(), "channel": RegistrationRequest.Channel.DESK},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = create_request_from(form, owner=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(
                request,
                action=Action.CREATE,
                object_type="registration_request",
                object_id=created.pk,
            )
            messages.success(request, _("Aanvraag vastgelegd."))
            return redirect("registrations:request_detail", pk=created.pk)
    return render(request, "registrations/request_form.html", {"form": form})


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="view")
    return _detail_page(request, obj)


def _detail_page(
    request: AuthenticatedRequest, obj: RegistrationRequest, **shown: Any
) -> HttpResponse:
    """The request page; `shown` puts back a step's form as she sent it, with its errors."""
    return render(request, "registrations/request_detail.html", _detail(obj, **shown))


def _detail(obj: RegistrationRequest, **forms: Any) -> dict[str, Any]:
    """The request page's context; `forms` replace its empty forms (one sent with errors)."""
    decision = Decision.objects.filter(request=obj).select_related("registration").first()
    today = timezone.localdate()
    deadline = obj.decision_deadline() if obj.is_application else None
    return {
        "req": obj,
        "deadline": deadline,
        "days_left": days_left(deadline, today) if deadline and obj.is_open else None,
        "advice": getattr(obj, "advice", None),
        "decision": decision,
        "registration": getattr(decision, "registration", None) if decision else None,
        "objections": decision.objections.all() if decision else [],
        "mails": obj.mails.all(),
        "letters": obj.letters.all(),
        "letter_settings_missing": RegistrationSettings.current().missing_letter_settings(),
        "active_registration": obj.person.registrations.filter(ended_on__isnull=True).first()
        if obj.person
        else None,
        "letter_form": letter_form(obj, initial={"sent_on": today}),
        "suspensions": obj.suspensions.all(),
        "completion_form": CompletionForm(initial={"completed_on": today}),
        "extend_form": ExtendForm(initial={"notice_on": today}),
        "suspend_form": SuspendForm(),
        "notify_form": NotifyForm(initial={"notified_on": today}),
        "stop_form": StopForm(initial={"ended_on": today}),
        "objection_form": ObjectionForm(initial={"received_on": today}),
        "objection_decision_form": ObjectionDecisionForm(initial={"decided_on": today}),
        "answer_form": AnswerForm(initial={"answered_on": today, "answered_to": _asker(obj)}),
        **forms,
    }


def letter_form(obj: RegistrationRequest, *args: Any, **kwargs: Any) -> LetterForm:
    """The process-letter form with the letters this request can have now."""
    labels = dict(LetterKind.choices)
    kinds = [(kind, labels[kind]) for kind in services.letter_kinds_for(obj)]
    form = LetterForm(*args, kinds=kinds, **kwargs)
    objection = services.latest_objection(obj) if LetterKind.HEARING in dict(kinds) else None
    if objection is None:  # no objection, no invitation: its fields would only be in the way
        for name in ("hearing_on", "hearing_time", "hearing_place"):
            del form.fields[name]
    else:  # the invitation offers what the objection already knows
        form.initial.update(
            hearing_on=objection.hearing_on,
            hearing_time=objection.hearing_time,
            hearing_place=objection.hearing_place,
        )
    return form


def _asker(obj: RegistrationRequest) -> str:
    """Who asked, as the answer's first addressee: her gemachtigde, else her, else the sender."""
    if not obj.is_open or obj.kind != RegistrationRequest.Kind.QUESTION:
        return ""
    if obj.representative:
        return obj.representative
    if obj.person is not None:
        return obj.person.name
    sender = obj.mails.values_list("sender", flat=True).first()
    return sender or ""


def _step(
    request: AuthenticatedRequest,
    obj: RegistrationRequest,
    form: BaseForm | None,
    action: Callable[[dict[str, Any]], object],
    done: str,
    *,
    shown_as: str = "",
    **shown: Any,
) -> HttpResponse:
    """Run one POST-only step, changing nothing unless it succeeds (then it says `done`). Bad
    input shows the request page again with her input and the errors in the form (`shown_as`,
    its name in the page); a refusal by the service is a message above it, since the form may
    be gone when the request moved on, and her input stays in the form all the same."""
    if form is not None and not form.is_valid():
        return _detail_page(request, obj, **{shown_as: form}, **shown)
    try:
        action(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if form is None:
            return redirect("registrations:request_detail", pk=obj.pk)
        return _detail_page(request, obj, **{shown_as: form}, **shown)
    messages.success(request, done)
    return redirect("registrations:request_detail", pk=obj.pk)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_step(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The simple steps: start handling, ask the coordinator's advice, close a question."""
    obj = get_request_for(request.user, pk, action="handle")
    steps = {
        "start": (lambda: services.start_handling(request=obj), _("In behandeling genomen.")),
        "advice": (
            lambda: services.ask_advice(request=obj, by=request.user),
            _("Advies gevraagd aan de coördinator."),
        ),
        "close": (lambda: services.close_request(request=obj), _("Afgehandeld.")),
    }
    step = steps.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Onbekende stap."))
        return redirect("registrations:request_detail", pk=obj.pk)
    action, done = step
    return _step(request, obj, None, lambda _data: action(), done)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A question handled: the answer given, to whom and when."""
    obj = get_request_for(request.user, pk, action="handle")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(request=obj, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Antwoord vastgelegd; de vraag is afgehandeld."))
            return redirect("registrations:request_detail", pk=obj.pk)
    # What she typed stays: the page again, with the form and its errors.
    return _detail_page(request, obj, answer_form=form)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="handle")
    return _step(
        request,
        obj,
        ExtendForm(request.POST),
        lambda data: services.extend_term(request=obj, **data),
        _("Beslistermijn verdaagd."),
        shown_as="extend_form",
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_suspend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="handle")
    return _step(
        request,
        obj,
        SuspendForm(request.POST),
        lambda data: services.suspend_term(request=obj, **data),
        _("Beslistermijn opgeschort; de nieuwe uiterste datum staat bovenaan."),
        shown_as="suspend_form",
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def request_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="view")
    today = timezone.localdate()
    initial = {
        "decided_on": today,
        "pass_number": services.next_pass_number(today.year),
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=364),
    }
    mask = RegistrationSettings.current().pass_number_mask
    form = DecisionForm(request.POST or None, initial=initial, pass_number_mask=mask)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                request=obj,
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                by=request.user,
                grounds=list(data["grounds"]),
                grounds_text=data["grounds_text"],
                pass_number=data["pass_number"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                conditions=data["conditions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Besluit vastgelegd. Download de brief om te versturen."))
            return redirect("registrations:request_detail", pk=obj.pk)
    return render(request, "registrations/decision_form.html", {"req": obj, "form": form})


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_notify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="handle")
    decision = decision_of(obj)
    return _step(
        request,
        obj,
        NotifyForm(request.POST, request.FILES),
        lambda data: services.send_decision_letter(
            decision=decision, sent_on=data["notified_on"], by=request.user, edited=data["edited"]
        ),
        _(
            "Verzending vastgelegd; de brief staat als PDF in het dossier en de "
            "bezwaartermijn loopt."
        ),
        shown_as="notify_form",
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_stop(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="handle")
    return _step(
        request,
        obj,
        StopForm(request.POST),
        lambda data: services.handle_stop(request=obj, **data),
        _("Registratie beëindigd op haar verzoek."),
        shown_as="stop_form",
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def request_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="view")
    if obj.person is None or obj.kind != RegistrationRequest.Kind.CHANGE:
        raise Http404
    form = ChangeForm(request.POST or None, instance=obj.person)
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_change(
                request=obj,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gegevens gewijzigd; de oude staan in de historie."))
            return redirect("registrations:request_detail", pk=obj.pk)
    return render(request, "registrations/change_form.html", {"req": obj, "form": form})


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def decision_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The decision letter as .docx, dated as sent today, to check or edit before sending."""
    obj = get_request_for(request.user, pk, action="view")
    decision = decision_of(obj)
    try:
        content = render_letter(decision)
    except LetterSettingsMissing as error:
        messages.error(request, error.message())
        return redirect("registrations:request_detail", pk=obj.pk)
    except LetterTemplateBroken:
        messages.error(
            request,
            _("Het briefsjabloon kan niet worden gevuld; vraag de beheerder het te controleren."),
        )
        return redirect("registrations:request_detail", pk=obj.pk)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    log_access(request, action=Action.PRINT, object_type="decision_letter", object_id=decision.pk)
    # The file name carries the date, never her name.
    name = f"besluit-{decision.decided_on:%Y%m%d}-{obj.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def objection_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="handle")
    decision = decision_of(obj)
    return _step(
        request,
        obj,
        ObjectionForm(request.POST),
        lambda data: services.add_objection(decision=decision, by=request.user, **data),
        _("Bezwaar vastgelegd."),
        shown_as="objection_form",
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def objection_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objection = get_objection_for(request.user, pk, action="handle")
    obj = objection.decision.request
    return _step(
        request,
        obj,
        ObjectionDecisionForm(request.POST),
        lambda data: services.decide_objection(objection=objection, **data),
        _("Beslissing op bezwaar vastgelegd."),
        shown_as="failed_objection_form",
        failed_objection=objection.pk,
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def letter_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A sent letter as it was frozen (PDF) in the request's file."""
    letter = get_letter_for(request.user, pk, action="view")
    log_access(request, action=Action.PRINT, object_type="letter", object_id=letter.pk)
    return FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        filename=letter.download_name(),
        content_type="application/pdf",
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def letter_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A process letter: "Downloaden" makes the .docx to check; "Verzending vastleggen" files it
    as PDF (after the confirmation) and applies what it starts (a suspension, an extension)."""
    obj = get_request_for(request.user, pk, action="handle")
    form = letter_form(obj, request.POST, request.FILES)
    sending = request.POST.get("action") != "download"
    if form.is_valid() and sending and not form.cleaned_data["confirm"]:
        form.add_error("confirm", _("Vink aan dat de brief echt verzonden is."))
    if not form.is_valid():
        return _detail_page(request, obj, letter_form=form)
    data = form.cleaned_data
    values = {
        "request": obj,
        "kind": data["kind"],
        "sent_on": data["sent_on"],
        "restore_until": data["restore_until"],
        "weeks": data["weeks"],
        "note": data["note"],
        "hearing": services.Hearing(
            data.get("hearing_on"), data.get("hearing_time"), data.get("hearing_place", "")
        )
        if data["kind"] == LetterKind.HEARING
        else None,
    }
    try:
        if not sending:
            content = services.make_process_letter(**values)
        else:
            services.send_process_letter(**values, by=request.user, edited=data["edited"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail_page(request, obj, letter_form=form)
    if not sending:
        log_access(request, action=Action.PRINT, object_type="registration_request", object_id=pk)
        response = HttpResponse(content, content_type=DOCX)
        name = f"brief-{data['kind'].replace('_', '-')}-{data['sent_on']:%Y%m%d}-{obj.pk}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    messages.success(request, _("Verzending vastgelegd; de brief staat als PDF in het dossier."))
    return redirect("registrations:request_detail", pk=obj.pk)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def request_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """She completed her application: the suspension of the decision term ends."""
    obj = get_request_for(request.user, pk, action="handle")
    return _step(
        request,
        obj,
        CompletionForm(request.POST),
        lambda data: services.record_completion(request=obj, by=request.user, **data),
        _("Aanvulling vastgelegd; de beslistermijn loopt weer."),
        shown_as="completion_form",
    )
