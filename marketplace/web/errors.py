"""Error pages in the reader's language, for people and for tools."""
from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as PageNotFound

from ..errors import NotFound
from ..extensions import db

TITLES = {
    400: lambda: _("No pudimos entender ese pedido"),
    403: lambda: _("No tienes permiso para ver esto"),
    404: lambda: _("No encontramos esa página"),
    413: lambda: _("El archivo es demasiado grande"),
    429: lambda: _("Demasiados intentos"),
    500: lambda: _("Algo falló de nuestro lado"),
}


def _explanation(code: int, error) -> str:
    if isinstance(error, CSRFError):
        return _("El formulario caducó o no vino de esta página. Vuelve atrás, recarga la página e inténtalo de nuevo.")
    return {
        400: lambda: _("Revisa lo que enviaste e inténtalo de nuevo."),
        403: lambda: _("Si crees que deberías poder verlo, entra con otra cuenta o escríbenos."),
        404: lambda: _("Puede que el enlace esté mal escrito o que la página ya no exista."),
        413: lambda: _("Prueba con un archivo más pequeño."),
        429: lambda: _("Espera un minuto antes de volver a intentarlo."),
        500: lambda: _("Ya quedó registrado. Inténtalo de nuevo en unos minutos."),
    }.get(code, lambda: "")()


def render_error(error: HTTPException):
    code = error.code or 500
    if request.accept_mimetypes.best == "application/json":
        return {"error": code}, code
    title = TITLES.get(code, TITLES[400])()
    return render_template("errors/error.html", code=code, title=title, explanation=_explanation(code, error)), code


def register_error_handlers(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_error)
    # A service's NotFound (no such record, or not yours) is the same 404 page as a wrong URL.
    app.register_error_handler(NotFound, lambda error: render_error(PageNotFound()))

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        db.session.rollback()  # leave nothing half-written behind a crash
        return render_error(error)
