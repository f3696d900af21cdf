"""Staff keep the catalogue's lists: categories (a small tree) and heritage elements."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..accounts.access import staff_required
from ..forms import status_for
from . import services
from .staff_forms import CategoryForm, HeritageForm

bp = Blueprint("catalogue_staff", __name__, url_prefix="/staff/catalogue")


@bp.get("/")
@staff_required
def index():
    return redirect(url_for("catalogue_staff.categories"))


# Categories ------------------------------------------------------------------------------------


@bp.get("/categories")
@staff_required
def categories():
    return render_template("catalogue/staff/categories.html", tree=services.category_tree())


def _category_details(form: CategoryForm) -> services.CategoryDetails:
    return services.CategoryDetails(
        name_es=form.name_es.data, name_en=form.name_en.data,
        description_es=form.description_es.data, description_en=form.description_en.data,
        parent_id=form.parent_id, position=form.position.data or 0, sold_by_lot=form.sold_by_lot.data,
    )


def _category_form(category=None) -> CategoryForm:
    form = CategoryForm(obj=category)
    if request.method == "GET" and category is not None:
        form.parent.data = str(category.parent_id or "")
    form.parent.choices = [SelectChoice("", _("— (categoría principal)"))] + [
        SelectChoice(str(root.id), root.name_es)
        for root in services.category_tree() if category is None or root.id != category.id
    ]
    return form


def _save_category(form, save, category=None):
    try:
        saved = save(_category_details(form))
    except services.InvalidParent:
        form.parent.errors.append(_("Elige una categoría principal (sin categoría superior), distinta de esta."))
    except services.MissingSpanishName:
        form.name_es.errors.append(_("Escribe el nombre de la categoría en español."))
    else:
        flash(_("Guardamos la categoría «%(name)s».", name=(saved or category).name_es), "success")
        return redirect(url_for("catalogue_staff.categories"))
    return render_template("catalogue/staff/category_form.html", form=form, category=category), 422


@bp.route("/categories/new", methods=["GET", "POST"])
@staff_required
def new_category():
    form = _category_form()
    if form.validate_on_submit():
        return _save_category(form, lambda d: services.create_category(d, by=current_user))
    return render_template("catalogue/staff/category_form.html", form=form, category=None), status_for(form)


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@staff_required
def edit_category(category_id):
    category = services.category(category_id) or abort(404)
    form = _category_form(category)
    if form.validate_on_submit():
        return _save_category(form, lambda d: services.update_category(category, d, by=current_user), category)
    return render_template("catalogue/staff/category_form.html", form=form, category=category), status_for(form)


@bp.post("/categories/<int:category_id>/delete")
@staff_required
def delete_category(category_id):
    category = services.category(category_id) or abort(404)
    name = category.name_es
    try:
        services.delete_category(category, by=current_user)
    except services.StillInUse as exc:
        flash(ngettext("No se puede borrar «%(name)s»: la usa %(num)d producto o subcategoría. Muévelo a otra primero.",
                       "No se puede borrar «%(name)s»: la usan %(num)d productos o subcategorías. Muévelos a otra primero.",
                       exc.count, name=name), "error")
    else:
        flash(_("Borramos la categoría «%(name)s».", name=name), "success")
    return redirect(url_for("catalogue_staff.categories"))


# Heritage elements -----------------------------------------------------------------------------


@bp.get("/heritage")
@staff_required
def heritage():
    return render_template("catalogue/staff/heritage.html", elements=services.heritage_elements())


def _heritage_details(form: HeritageForm) -> services.HeritageDetails:
    return services.HeritageDetails(
        name_es=form.name_es.data, name_en=form.name_en.data, description_es=form.description_es.data,
        description_en=form.description_en.data, source=form.source.data,
    )


@bp.route("/heritage/new", methods=["GET", "POST"])
@staff_required
def new_heritage_element():
    form = HeritageForm()
    if form.validate_on_submit():
        element = services.create_heritage_element(_heritage_details(form), by=current_user)
        flash(_("Añadimos «%(name)s» a la lista de patrimonio.", name=element.name_es), "success")
        return redirect(url_for("catalogue_staff.heritage"))
    return render_template("catalogue/staff/heritage_form.html", form=form, element=None), status_for(form)


@bp.route("/heritage/<int:element_id>", methods=["GET", "POST"])
@staff_required
def edit_heritage_element(element_id):
    element = services.heritage_element(element_id) or abort(404)
    form = HeritageForm(obj=element)
    if form.validate_on_submit():
        services.update_heritage_element(element, _heritage_details(form), by=current_user)
        flash(_("Guardamos «%(name)s».", name=element.name_es), "success")
        return redirect(url_for("catalogue_staff.heritage"))
    return render_template("catalogue/staff/heritage_form.html", form=form, element=element), status_for(form)


@bp.post("/heritage/<int:element_id>/delete")
@staff_required
def delete_heritage_element(element_id):
    element = services.heritage_element(element_id) or abort(404)
    name = element.name_es
    try:
        services.delete_heritage_element(element, by=current_user)
    except services.StillInUse as exc:
        flash(ngettext("No se puede borrar «%(name)s»: lo cita %(num)d producto.",
                       "No se puede borrar «%(name)s»: lo citan %(num)d productos.", exc.count, name=name), "error")
    else:
        flash(_("Borramos «%(name)s» de la lista.", name=name), "success")
    return redirect(url_for("catalogue_staff.heritage"))
