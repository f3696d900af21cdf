"""Quote pages: a buyer asks (from a product or a producer page), confirms a guest email, reads the
offer as a printable proforma, counters, accepts or declines; the producer or the brand's steward
answers from a phone."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import audit
from ..catalogue.models import Product, ProductStatus
from ..clock import lima_today, utcnow
from ..errors import NotFound
from ..extensions import db
from ..orders.checkout import Delivery, InvalidAddress, PaymentMethodUnavailable, card_payments_enabled
from ..orders.models import PaymentMethod
from ..orders.queries import bank_details
from ..orders.signals import wanted_credit
from ..producers.models import Organisation, VerificationStatus
from . import quotes
from .blueprint import bp
from .quotes_accept import AlreadyAccepted, OfferExpired, StockGone, accept
from .quotes_forms import AcceptForm, CounterForm, DeclineForm, OfferForm, QuoteRequestForm
from . import quotes_fair_counts
from .quotes_messages import offer_error, request_error
from .quotes_models import INCOTERM_LABELS, STATUS_LABELS
from .quotes_offers import CounterLine, InvalidOffer, OfferLine, OfferTerms, counter, make_offer
from .quotes_queries import answerable_variants, order_access_url, requestable_variants


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals.update(QUOTE_STATUS_LABELS=STATUS_LABELS, INCOTERM_LABELS=INCOTERM_LABELS)
    quotes_fair_counts.connect()  # the fair report counts quote requests per booth


def _signed_in():
    return current_user if current_user.is_authenticated else None


# Asking -------------------------------------------------------------------------------------------

@bp.route("/cotizar/<slug>", methods=["GET", "POST"])
def request_quote(slug):
    organisation = db.session.scalar(db.select(Organisation).where(
        Organisation.slug == slug, Organisation.status == VerificationStatus.VERIFIED))
    if organisation is None:
        raise NotFound(slug)
    variants = requestable_variants(organisation)
    if not variants:
        raise NotFound(slug)
    form = QuoteRequestForm()
    form.prepare(variants)
    buyer = _signed_in()
    if request.method == "GET":
        wanted = request.args.get("producto")
        product = db.session.scalar(db.select(Product).where(Product.slug == wanted, Product.organisation_id == organisation.id,
                                                             Product.status == ProductStatus.PUBLISHED)) if wanted else None
        if product is not None and product.variants:
            form.lines[0].form.variant_id.data = str(product.default_variant.id)
        if buyer is not None:
            form.name.data, form.email.data, form.phone.data = buyer.name, buyer.email, buyer.phone
    if form.validate_on_submit():
        try:
            created = quotes.request_quote(quotes.QuoteAsk(
                organisation=organisation, lines=[quotes.AskedLine(v, q) for v, q in form.asked()],
                email=buyer.email if buyer else form.email.data, name=form.name.data, company=form.company.data,
                phone=form.phone.e164, country=form.country.data, destination=form.destination.data,
                incoterm=form.incoterm.data, currency=form.currency.data, wanted_by=form.wanted_by.data,
                notes=form.notes.data, buyer=buyer, locale=str(get_locale() or "es"), credit=wanted_credit(buyer),
            ))
        except quotes.InvalidRequest as error:
            flash(request_error(error), "error")
        else:
            if buyer is None:
                return render_template("wholesale/quotes/check_email.html", quote=created)
            flash(_("Enviamos tu pedido de cotización a %(name)s. Te avisaremos por correo cuando responda.",
                    name=organisation.name), "success")
            return redirect(url_for("wholesale.quote", reference=created.reference))
    return render_template("wholesale/quotes/request.html", form=form, organisation=organisation)


@bp.get("/cotizaciones/<reference>/confirmar")
def confirm_quote_email(reference):
    confirmed = quotes.confirm_email(quotes.by_reference(reference), request.args.get("t"))
    flash(_("Correo confirmado: tu pedido de cotización llegó a %(name)s.", name=confirmed.organisation.name), "success")
    return redirect(quotes.quote_url(confirmed))


# The buyer's quote, printable as a proforma ---------------------------------------------------------

def _buyer_quote(reference):
    return quotes.for_buyer(reference, user=current_user, token=request.values.get("t"))


def _back(found):
    return redirect(url_for("wholesale.quote", reference=found.reference, t=request.values.get("t")))


def _accept_form(found, formdata=None) -> AcceptForm:
    form = AcceptForm(formdata) if formdata is not None else AcceptForm()
    form.prepare(country=found.country, card_enabled=card_payments_enabled() and found.currency == "PEN")
    if request.method == "GET":
        form.name.data, form.phone.data = found.company or found.name, found.phone
        form.city.data = found.destination
    return form


def _counter_form(found) -> CounterForm:
    offer = found.offer
    data = {"lines": [{"quote_line_id": str(line.id), "quantity": line.quantity} for line in offer.lines]} if offer else {}
    form = CounterForm(data=data) if request.method == "GET" else CounterForm()
    form.prepare(found.currency)
    return form


@bp.get("/cotizaciones/<reference>")
def quote(reference):
    return _quote_page(_buyer_quote(reference))


def _quote_page(found, accept_form=None):
    return render_template(
        "wholesale/quotes/quote.html", quote=found, token=request.values.get("t"), bank=bank_details(),
        accept_form=accept_form or _accept_form(found), counter_form=_counter_form(found), decline_form=DeclineForm(),
        today=lima_today(), history=audit.history(found), order_url=order_access_url(found.order),
    )


@bp.post("/cotizaciones/<reference>/aceptar")
def accept_quote(reference):
    found = _buyer_quote(reference)
    form = _accept_form(found, request.form)
    if "refresh_places" in request.form:  # without JavaScript: show the provinces, accept nothing yet
        return _quote_page(found, form)
    if not form.validate():  # the page again, with what was typed and what to fix
        return _quote_page(found, form), 422
    delivery = Delivery(
        email=found.email, name=form.name.data, phone=form.phone.e164, address_line=form.address_line.data,
        country=found.country, district_code=(form.district.data or "").strip() or None,
        city=(form.city.data or "").strip() or None, postal_code=(form.postal_code.data or "").strip() or None,
    )
    try:
        order = accept(found, delivery, method=PaymentMethod(form.payment_method.data), by=_signed_in())
    except AlreadyAccepted as already:
        flash(_("Esta cotización ya fue aceptada: este es su pedido."), "info")
        return redirect(order_access_url(already.order))
    except OfferExpired:
        flash(_("La cotización venció el %(day)s: ya no se puede aceptar. Pide al productor una nueva.",
                day=found.offer.valid_until.strftime("%d/%m/%Y")), "error")
        return _back(found)
    except StockGone as gone:
        flash(_("El productor ya no tiene en stock lo cotizado (%(items)s). Pídele que cotice de nuevo.",
                items=", ".join(gone.labels)), "error")
        return _back(found)
    except (quotes.NotAllowed, PaymentMethodUnavailable, InvalidAddress):
        flash(_("Esta cotización ya no se puede aceptar así. Revisa su estado."), "error")
        return _back(found)
    flash(_("Aceptaste la cotización: tu pedido %(reference)s espera el pago.", reference=order.reference), "success")
    return redirect(order_access_url(order))


@bp.post("/cotizaciones/<reference>/contraoferta")
def counter_quote(reference):
    found = _buyer_quote(reference)
    form = _counter_form(found)
    if not form.validate() or found.offer is None:
        flash(" ".join(str(e) for e in _flat_errors(form.errors)) or _("Revisa la contraoferta."), "error")
        return _back(found)
    lines = [CounterLine(int(e.form.quote_line_id.data), e.form.quantity.data, e.form.unit_price.amount)
             for e in form.lines]
    try:
        counter(found, lines, by=_signed_in(), message=form.message.data)
    except InvalidOffer as error:
        flash(offer_error(error), "error")
    except quotes.NotAllowed:
        flash(_("Esta cotización ya no admite contraofertas."), "error")
    else:
        flash(_("Enviamos tu contraoferta al productor."), "success")
    return _back(found)


@bp.post("/cotizaciones/<reference>/rechazar")
def decline_quote(reference):
    found = _buyer_quote(reference)
    form = DeclineForm()
    try:
        quotes.decline(found, by=_signed_in(), as_buyer=True, reason=form.reason.data if form.validate() else None)
    except quotes.NotAllowed:
        flash(_("Esta cotización ya está cerrada."), "error")
    else:
        flash(_("Rechazaste la cotización."), "success")
    return _back(found)


@bp.get("/mis-cotizaciones")
@login_required
def my_quotes():
    return render_template("wholesale/quotes/mine.html", requests=quotes.of_buyer(current_user))


# The producer's (or steward's) side --------------------------------------------------------------------

@bp.get("/producer/quotes")
@login_required
def quote_inbox():
    return render_template("wholesale/quotes/inbox.html", requests=quotes.inbox(current_user))


def _offer_form(found, role: str) -> OfferForm:
    if request.method == "POST":
        form = OfferForm()
    else:
        latest = found.latest
        if latest is not None:
            lines = [{"request_line_id": str(l.request_line_id), "variant_id": str(l.variant_id), "quantity": l.quantity,
                      "minimum_quantity": l.minimum_quantity, "unit_price": str(l.unit_price.to_decimal())}
                     for l in latest.lines]
        else:
            lines = [{"request_line_id": str(l.id), "variant_id": str(l.variant_id), "quantity": l.quantity,
                      "minimum_quantity": 1} for l in found.lines]
        if role == "steward":  # room for shares from other members under each asked line
            lines += [{"request_line_id": str(l.id), "minimum_quantity": 1} for l in found.lines for _ in range(3)]
        offer = found.offer
        form = OfferForm(data={
            "lines": lines, "incoterm": (offer.incoterm if offer else found.incoterm).value,
            "lead_time_days": offer.lead_time_days if offer else 0,
            "advance_percent": offer.advance_percent if offer else 0,
            "payment_terms": offer.payment_terms if offer else None,
        })
    form.prepare(found.currency, answerable_variants(found, role))
    return form


@bp.route("/producer/quotes/<reference>", methods=["GET", "POST"])
@login_required
def answer_quote(reference):
    found, role = quotes.for_seller(reference, current_user)
    form = _offer_form(found, role)
    if request.method == "POST" and form.validate():
        terms = OfferTerms(
            incoterm=form.incoterm.data, valid_until=form.valid_until.data, lead_time_days=form.lead_time_days.data or 0,
            advance_percent=form.advance_percent.data or 0, payment_terms=form.payment_terms.data,
            message=form.message.data,
            lines=[OfferLine(int(e.form.request_line_id.data), int(e.form.variant_id.data), e.form.quantity.data,
                             e.form.unit_price.amount, e.form.minimum_quantity.data or 1)
                   for e in form.lines if e.form.quantity.data and e.form.unit_price.amount and e.form.variant_id.data
                   and (e.form.request_line_id.data or "").isdigit()],
        )
        try:
            make_offer(found, terms, by=current_user)
        except InvalidOffer as error:
            flash(offer_error(error), "error")
        except quotes.NotAllowed:
            flash(_("Esta cotización ya está cerrada: no se puede responder."), "error")
        else:
            flash(_("Enviamos tu cotización al comprador."), "success")
            return redirect(url_for("wholesale.answer_quote", reference=found.reference))
    elif request.method == "POST":
        flash(_("Revisa los campos marcados: no guardamos nada todavía."), "error")
    return render_template("wholesale/quotes/answer.html", quote=found, form=form, role=role,
                           decline_form=DeclineForm(), bank=bank_details(), today=lima_today(),
                           history=audit.history(found), now=utcnow())


@bp.post("/producer/quotes/<reference>/rechazar")
@login_required
def seller_decline_quote(reference):
    found, _role = quotes.for_seller(reference, current_user)
    form = DeclineForm()
    try:
        quotes.decline(found, by=current_user, as_buyer=False, reason=form.reason.data if form.validate() else None)
    except quotes.NotAllowed:
        flash(_("Esta cotización ya está cerrada."), "error")
    else:
        flash(_("Rechazaste el pedido de cotización."), "success")
    return redirect(url_for("wholesale.answer_quote", reference=found.reference))


def _flat_errors(errors):
    for value in errors.values() if isinstance(errors, dict) else errors:
        if isinstance(value, dict | list):
            yield from _flat_errors(value)
        else:
            yield value
