"""The registration mailbox for the secretariat: unprocessed mail, upload, turn mail into work."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from registrations import mail as mailbox
from registrations import services
from registrations.access import get_attachment_for, get_mail_for
from registrations.forms import DismissMailForm, LinkMailForm, MailUploadForm, RequestForm
from registrations.mailbox import fetch_round, recent_rounds
from registrations.models import InboundMail, MailboxFetch
from registrations.prefill import prefill_from
from registrations.views.requests import create_request_from
from stapteam.access import AuthenticatedRequest
from stapteam.platform.actor import acting_as
from stapteam.platform.locks import AlreadyRunning, in_own_connection
from stapteam.platform.pagination import paginate

# The mail page shows this much of the text; the whole message is its .eml download.
BODY_SHOWN = 20_000


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    return _inbox_page(request)


def _inbox_page(
    request: AuthenticatedRequest, upload_form: MailUploadForm | None = None
) -> HttpResponse:
    """The inbox; after a refused upload, with the form and its error."""
    new = paginate(
        request,
        InboundMail.objects.filter(state=InboundMail.State.NEW)
        .prefetch_related("attachments")
        .order_by("-received_at", "-id"),
    )
    recent = (
        InboundMail.objects.exclude(state=InboundMail.State.NEW)
        .select_related("request__person")
        .order_by("-received_at")[:20]
    )
    rounds = recent_rounds()
    context = {
        "new_mails": new.object_list,
        "page": new,
        "recent": recent,
        "upload_form": upload_form or MailUploadForm(),
        "last_fetch": rounds[0] if rounds else None,
        "earlier_fetches": rounds[1:],
        "fetch_limit": settings.REGISTRATION_IMAP_FETCH_LIMIT,
        "mailbox_configured": bool(settings.REGISTRATION_IMAP.get("HOST")),
    }
    template = "registrations/inbox.html" + ("#new_mail" if request.htmx else "")
    return render(request, template, context)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mailbox_fetch(request: AuthenticatedRequest) -> HttpResponse:
    """ "Nu ophalen": the scheduled fetch, now, for at most REGISTRATION_IMAP_FETCH_LIMIT mails."""
    limit, user = settings.REGISTRATION_IMAP_FETCH_LIMIT, request.user
    if not settings.REGISTRATION_IMAP.get("HOST"):
        messages.error(request, _("Er is geen mailserver ingesteld; vraag de beheerder."))
        return redirect("registrations:inbox")
    try:
        # Its own connection: each stored mail commits before the server hears of it.
        fetch = in_own_connection(lambda: fetch_round(by=user, limit=limit))
    except AlreadyRunning:
        messages.error(
            request,
            _(
                "De mailbox wordt op dit moment al opgehaald (automatisch of door een collega). "
                "Probeer het over een minuut opnieuw."
            ),
        )
        return redirect("registrations:inbox")
    if fetch.result == MailboxFetch.Result.FAILED:
        messages.error(request, _("Ophalen mislukt: %(reason)s") % {"reason": fetch.message})
    else:
        messages.success(request, fetch_summary(fetch))
    return redirect("registrations:inbox")


def fetch_summary(fetch: MailboxFetch) -> str:
    text = ngettext(
        "%(n)s nieuwe e-mail opgehaald.", "%(n)s nieuwe e-mails opgehaald.", fetch.stored
    ) % {"n": fetch.stored}
    if fetch.remaining:
        text += " " + ngettext(
            "Er staat nog %(n)s bericht in de mailbox: druk nogmaals op “Nu ophalen”.",
            "Er staan nog %(n)s berichten in de mailbox: druk nogmaals op “Nu ophalen”.",
            fetch.remaining,
        ) % {"n": fetch.remaining}
    if fetch.failed:
        text += " " + _("%(n)s mislukt; zie de meldingen.") % {"n": fetch.failed}
    elif fetch.message:
        text += " " + _("Er zijn meldingen; zie Mailbox.")
    return text


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = MailUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _inbox_page(request, upload_form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    with acting_as(request.user):  # she uploaded it: her colleagues hear of it, not she
        if upload.name.lower().endswith(".msg"):
            mail, created = mailbox.store_msg_file(data)
        else:
            mail, created = mailbox.store_message(data, source=InboundMail.Source.UPLOAD)
    if created:
        messages.success(request, _("E-mail toegevoegd aan de post."))
    else:
        messages.info(request, _("Deze e-mail stond al in de post; er is niets dubbel opgeslagen."))
    return redirect("registrations:mail_detail", pk=mail.pk)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def mail_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One mail; "new request from this mail" is the form here, prefilled from the mail."""
    mail = get_mail_for(request.user, pk, action="view")
    form, prefill = _request_form(mail, request.POST or None)
    if request.method == "POST" and mail.state == InboundMail.State.NEW and form.is_valid():
        try:
            created = create_request_from(form, owner=request.user, mail=mail)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Aanvraag aangemaakt uit deze e-mail."))
            return redirect("registrations:request_detail", pk=created.pk)
    return _mail_page(request, mail, form=form, prefill=prefill)


def _request_form(mail: InboundMail, data: Any = None) -> tuple[RequestForm, Any]:
    """The new-request form, prefilled from a new mail and marked where the mail filled it."""
    prefill = prefill_from(mail) if mail.state == InboundMail.State.NEW else None
    form = RequestForm(data, initial=prefill.initial if prefill else {})
    if prefill is not None:
        form.mark_from_mail(prefill.from_mail)
    return form, prefill


def _mail_page(request: AuthenticatedRequest, mail: InboundMail, **forms: Any) -> HttpResponse:
    """One mail with its three forms; a refused one comes back as she sent it (`forms`)."""
    form, prefill = (None, None) if "form" in forms else _request_form(mail)
    context = {
        "mail": mail,
        "body_shown": mail.body_text[:BODY_SHOWN],
        "body_length": len(mail.body_text),
        "body_cut": len(mail.body_text) > BODY_SHOWN,
        "form": form,
        "prefill": prefill,
        "link_form": LinkMailForm(),
        "dismiss_form": DismissMailForm(),
        "attachments": mail.attachments.all(),
        **forms,
    }
    return render(request, "registrations/mail_detail.html", context)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mail = get_mail_for(request.user, pk, action="handle")
    form = LinkMailForm(request.POST)
    if form.is_valid():
        try:
            services.link_mail(mail=mail, request=form.cleaned_data["request"], by=request.user)
        except ValidationError as error:  # the mail moved on: the form may be gone
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("E-mail toegevoegd aan de aanvraag."))
            return redirect("registrations:request_detail", pk=form.cleaned_data["request"].pk)
    return _mail_page(request, mail, link_form=form)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mail = get_mail_for(request.user, pk, action="handle")
    form = DismissMailForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_mail(mail=mail, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:  # the mail moved on: the form may be gone
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("E-mail als niet relevant afgehandeld."))
            return redirect("registrations:inbox")
    return _mail_page(request, mail, dismiss_form=form)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for(request.user, pk, action="view")
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.download_name()
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def mail_message_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The original message as it came, under a neutral name ("bericht-12.eml")."""
    mail = get_mail_for(request.user, pk, action="view")
    if not mail.raw_message:
        raise Http404
    response = FileResponse(
        mail.raw_message.open("rb"),
        as_attachment=True,
        filename=mail.message_download_name(),
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response
