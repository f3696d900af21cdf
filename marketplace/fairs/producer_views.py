"""Producers: ask to join an upcoming fair, their booths, the booth card to print, their report."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..clock import lima_today
from ..producers.services import organisations_of
from . import booths, cards, editions, report, report_export
from .blueprint import bp, card_labels, found_or_404
from .errors import AlreadyAtFair, FairNotUpcoming, NotFound, OrganisationNotVerified
from .forms import JoinForm


def _join_form(organisations) -> JoinForm:
    form = JoinForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in organisations]
    return form


def _fairs_page(form: JoinForm | None = None, status: int = 200):
    organisations = organisations_of(current_user)
    return render_template(
        "fairs/producer_fairs.html", organisations=organisations,
        booths=booths.booths_of([o.id for o in organisations]),
        upcoming=editions.upcoming_fairs(lima_today()), form=form or _join_form(organisations),
    ), status


@bp.get("/producer/fairs/")
@login_required
def producer_fairs():
    return _fairs_page()


@bp.post("/producer/fairs/<int:fair_id>/join")
@login_required
def join(fair_id: int):
    fair = found_or_404(editions.fair_by_id, fair_id)
    organisations = organisations_of(current_user)
    form = _join_form(organisations)
    if not form.validate_on_submit():
        return _fairs_page(form, 422)
    organisation = next((o for o in organisations if o.id == form.organisation.data), None) or abort(404)
    try:
        booths.request_booth(fair, organisation, by=current_user, whatsapp=form.whatsapp.e164)
    except NotFound:
        abort(404)
    except FairNotUpcoming:
        flash(_("«%(fair)s» ya empezó o terminó: solo puedes pedir un stand en una feria que todavía no empieza.",
                fair=fair.name), "error")
        return _fairs_page(form, 422)
    except OrganisationNotVerified:
        flash(_("«%(name)s» todavía no está verificada: cuando el equipo la verifique podrás pedir un stand.",
                name=organisation.name), "error")
        return _fairs_page(form, 422)
    except AlreadyAtFair:
        flash(_("«%(name)s» ya pidió o tiene un stand en «%(fair)s».", name=organisation.name, fair=fair.name), "info")
        return redirect(url_for("fairs.producer_fairs"))
    flash(_("Pediste un stand en «%(fair)s». Te avisaremos por correo cuando el equipo lo decida.", fair=fair.name),
          "success")
    return redirect(url_for("fairs.producer_fairs"))


def _booth(booth_id: int, *, accepted: bool = False):
    booth = found_or_404(booths.booth_for, booth_id, current_user)
    if accepted and not booth.is_accepted:
        abort(404)  # a booth has a card once it is accepted
    return booth


@bp.get("/producer/fairs/booths/<int:booth_id>")
@login_required
def booth(booth_id: int):
    booth = _booth(booth_id)
    figures = report.by_booth(report.Scope(booth_id=booth.id))
    return render_template("fairs/booth.html", booth=booth, figures=figures[0] if figures else None)


@bp.get("/producer/fairs/booths/<int:booth_id>/card")
@login_required
def card(booth_id: int):
    booth = _booth(booth_id, accepted=True)
    return render_template("fairs/card.html", booth=booth, card=cards.card_for(booth), labels=card_labels(), copies=1)


@bp.get("/producer/fairs/booths/<int:booth_id>/sheet")
@login_required
def sheet(booth_id: int):
    booth = _booth(booth_id, accepted=True)
    return render_template("fairs/card.html", booth=booth, card=cards.card_for(booth), labels=card_labels(), copies=4)


@bp.get("/producer/fairs/booths/<int:booth_id>/<any(card, sheet):layout>.<any(png, pdf):kind>")
@login_required
def card_file(booth_id: int, layout: str, kind: str):
    booth = _booth(booth_id, accepted=True)
    card = cards.card_for(booth)
    image = (cards.draw_card if layout == "card" else cards.draw_sheet)(card, card_labels())
    name = f"{'tarjeta' if layout == 'card' else 'hoja'}-{booth.fair.slug}-{booth.code}.{kind}"
    body = cards.as_png(image) if kind == "png" else cards.as_pdf(image, f"{booth.organisation.name} · {booth.fair.name}")
    response = Response(body, mimetype="image/png" if kind == "png" else "application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


@bp.get("/producer/fairs/report")
@login_required
def producer_report():
    ids = tuple(o.id for o in organisations_of(current_user))
    return render_template("fairs/report.html", fair=None, fairs=[], summary=None,
                           booths=report.by_booth(report.Scope(organisation_ids=ids)),
                           csv_url=url_for("fairs.producer_report_csv"), staff=False)


@bp.get("/producer/fairs/report.csv")
@login_required
def producer_report_csv():
    ids = tuple(o.id for o in organisations_of(current_user))
    return report_export.download(report.by_booth(report.Scope(organisation_ids=ids)), report_export.filename())
