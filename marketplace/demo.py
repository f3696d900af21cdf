"""Demo data: the illustrative producers, consortiums and brands, and a user for every role.

Names of people, organisations and brands are invented; places and ubigeos are real.
`flask demo load` is idempotent: what already exists (by email or slug) is left alone.
"""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from .accounts.models import User, find_by_email
from .brands import demo as brands_demo
from .brands.models import BrandMembership, CollectiveBrand
from .catalogue import demo as catalogue_demo
from .clock import utcnow
from .fairs import demo as fairs_demo
from .extensions import db
from .fairs import contacts_demo
from .figures import demo as figures_demo
from .notifications import demo as notifications_demo
from .producers.models import Membership, MemberRole, Organisation, OrganisationKind, VerificationStatus
from .wholesale import quotes_demo, terms_demo

DEMO_PASSWORD = "colectivo-demo-2026"

USERS = [
    # email, name, locale, staff, admin
    ("admin@mercadocolectivo.pe", "Ana Admin Quispe", "es", True, True),
    ("staff@mercadocolectivo.pe", "Sofía Verificadora Ramos", "es", True, False),
    ("buyer@example.com", "Hanna Importer", "en", False, False),
]

I, F, A, C = OrganisationKind.INDIVIDUAL, OrganisationKind.FAMILY, OrganisationKind.ASSOCIATION, OrganisationKind.CONSORTIUM

# slug, name, kind, district, ruc, dni, women-led, verified, owner (email, name, locale), story es, story en
ORGANISATIONS = [
    ("consorcio-mochica", "Consorcio Mochica de Algodón Nativo", C, "140306", None, None, True, True,
     ("mochica@demo.mercadocolectivo.pe", "Carmen Llontop Chapoñán", "es"),
     "Reúne a las asociaciones de tejedoras de algodón nativo de Mórrope y Túcume.",
     "Brings together the native-cotton weavers' associations of Mórrope and Túcume."),
    ("tejedoras-morrope", "Asociación de Artesanas Tejedoras de Algodón Nativo de Mórrope", A, "140306", "20601234565", None, True, True,
     ("tejedoras.morrope@demo.mercadocolectivo.pe", "Petronila Santisteban Effio", "es"),
     "Hilamos y tejemos algodón nativo de color en telar de cintura, como nuestras abuelas.",
     "We spin and weave native coloured cotton on the backstrap loom, as our grandmothers did."),
    ("artesanas-valle-piramides", "Asociación de Artesanas Valle de las Pirámides", A, "140312", "20602345671", None, True, True,
     ("valle.piramides@demo.mercadocolectivo.pe", "Gladys Sirlopú Capuñay", "es"),
     "Artesanas de Túcume que trabajan con los colores del banco de germoplasma de algodón nativo.",
     "Túcume artisans working with the colours of the native-cotton germplasm bank."),
    ("apicultores-bosque-seco", "Asociación de Apicultores del Bosque Seco Salas–Motupe", A, "140310", "20603456786", None, False, True,
     ("apicultores@demo.mercadocolectivo.pe", "Segundo Yovera Damián", "es"),
     "Apicultores del bosque seco de algarrobo entre Salas y Motupe.",
     "Beekeepers of the algarrobo dry forest between Salas and Motupe."),
    ("consorcio-awaqkuna", "Consorcio Awaqkuna del Sur Andino", C, "081302", "20604567891", None, True, True,
     ("awaqkuna@demo.mercadocolectivo.pe", "Nilda Callañaupa Mamani", "es"),
     "Awaqkuna quiere decir «tejedoras»: asociaciones de Cusco y Puno que tejen con tintes naturales.",
     "Awaqkuna means 'weavers': associations from Cusco and Puno who weave with natural dyes."),
    ("consorcio-wari", "Consorcio Artesanal Wari", C, "050101", "20605678905", None, False, True,
     ("wari@demo.mercadocolectivo.pe", "Alejandro Oncebay Laura", "es"),
     "Talleres de tapiz, retablo y piedra de Huamanga en Ayacucho.",
     "Tapestry, retablo and Huamanga stone workshops in Ayacucho."),
    ("rosa-santisteban", "Rosa Santisteban Llontop", I, "140306", "10412345679", "41234567", True, True,
     ("rosa@demo.mercadocolectivo.pe", "Rosa Santisteban Llontop", "es"),
     "Tejo caminos de mesa y bolsos de algodón nativo pardo y crema, cardado e hilado a mano.",
     "I weave table runners and bags in pardo and cream native cotton, carded and spun by hand."),
    ("maria-chaponan", "María Chapoñán Sirlopú", I, "140312", None, "42345678", True, True,
     ("maria@demo.mercadocolectivo.pe", "María Chapoñán Sirlopú", "es"),
     "Chales e hilo de algodón nativo en los colores de Túcume.",
     "Shawls and yarn in the native-cotton colours of Túcume."),
    ("juan-capunay", "Juan Capuñay Yovera", I, "140310", "10434567896", "43456789", False, True,
     ("juan@demo.mercadocolectivo.pe", "Juan Capuñay Yovera", "es"),
     "Cosecho miel de algarrobo en Salas desde hace veinte años.",
     "I have harvested algarrobo honey in Salas for twenty years."),
    ("apicola-cerro-la-vieja", "Apícola Cerro La Vieja", A, "140307", "20606789018", None, True, True,
     ("cerrolavieja@demo.mercadocolectivo.pe", "Elena Damián Purisaca", "es"),
     "Dieciocho apicultores, once de ellos mujeres, en el sector Tongorrape de Motupe.",
     "Eighteen beekeepers, eleven of them women, in the Tongorrape sector of Motupe."),
    ("tejedoras-incahuasi", "Tejedoras de Incahuasi", A, "140203", None, None, True, False,
     ("incahuasi@demo.mercadocolectivo.pe", "Juana Manayay Tantarico", "es"),
     "Tejedoras quechuahablantes de la sierra de Lambayeque; lana de oveja y tintes naturales.",
     "Quechua-speaking weavers from the Lambayeque highlands; sheep's wool and natural dyes."),
    ("away-sumaq", "Asociación Away Sumaq", A, "081302", None, "44567890", True, True,
     # Reads the shop in Runasimi (the producers' Quechua), to show it on a laptop.
     ("awaysumaq@demo.mercadocolectivo.pe", "Marcelina Huamán Quispe", "qu"),
     "Tejemos llicllas y chumpis con pallay de Chinchero, teñidos con cochinilla, q'olle y chilca.",
     "We weave lliclla cloths and chumpi belts with Chinchero pallay, dyed with cochineal, q'olle and chilca."),
    ("taller-inti-pallay", "Taller Inti Pallay", F, "080405", "10456789019", "45678901", True, True,
     ("lucia@demo.mercadocolectivo.pe", "Lucía Quispe Huamán", "es"),
     "Taller familiar en Pisac: caminos de mesa y chalinas de alpaca en colores naturales.",
     "A family workshop in Pisac: table runners and alpaca scarves in natural colours."),
    ("tejedores-taquile", "Tejedores de Taquile", A, "210103", None, "46789012", False, True,
     ("fortunato@demo.mercadocolectivo.pe", "Fortunato Huatta Yucra", "es"),
     "En Taquile los hombres tejen el chullo a palitos; el chumpi calendario cuenta el año agrícola.",
     "On Taquile the men knit the chullo; the calendar belt tells the farming year."),
    ("warmi-ampara", "Warmi Ampara", A, "210106", None, "47890123", True, True,
     ("warmiampara@demo.mercadocolectivo.pe", "Basilia Mamani Condori", "es"),
     "Mujeres aymaras de Chucuito que tejen awayus en telar de pedal.",
     "Aymara women of Chucuito weaving awayu cloths on the pedal loom."),
    ("taller-qori-awana", "Taller Qori Awana", F, "050101", "10401234565", "40123456", True, True,
     ("teodora@demo.mercadocolectivo.pe", "Teodora Gallardo Oré", "es"),
     "Tapices de lana con tintes naturales en la tradición del barrio de Santa Ana.",
     "Wool tapestries with natural dyes in the tradition of the Santa Ana quarter."),
]

# slug, name, owner slug, region, certificate, classes, granted, expires, members, description es, en
BRANDS = [
    ("algodon-nativo-muchik", "Algodón Nativo Muchik", "tejedoras-morrope", "14", "C-00ILUS1", "22, 24, 25, 18",
     date(2022, 11, 15), date(2032, 11, 15), ["rosa-santisteban", "tejedoras-incahuasi"],
     "Textiles de algodón nativo de color de Mórrope, hilados y tejidos a mano.",
     "Native coloured cotton textiles from Mórrope, hand-spun and hand-woven."),
    ("hilos-de-tucume", "Hilos de Túcume", "artesanas-valle-piramides", "14", "C-00ILUS2", "24, 18",
     date(2019, 6, 3), date(2029, 6, 3), ["maria-chaponan"],
     "Tejidos de las artesanas del valle de las pirámides de Túcume.",
     "Weavings by the artisans of the Túcume valley of the pyramids."),
    ("miel-del-algarrobal", "Miel del Algarrobal", "apicultores-bosque-seco", "14", "C-00ILUS3", "30",
     date(2018, 9, 20), date(2028, 9, 20), ["juan-capunay", "apicola-cerro-la-vieja"],
     "Miel del bosque seco de algarrobo de Salas y Motupe.",
     "Honey from the algarrobo dry forest of Salas and Motupe."),
]


def _user(email: str, name: str, locale: str, *, staff=False, admin=False) -> tuple[User, bool]:
    user = find_by_email(email)
    if user is not None:
        return user, False
    user = User(email=email, name=name, locale=locale, is_staff=staff or admin, is_admin=admin)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user, True


def load() -> int:
    """Create whatever demo records are missing; return how many were created."""
    created = 0
    for email, name, locale, staff, admin in USERS:
        created += _user(email, name, locale, staff=staff, admin=admin)[1]
    organisations: dict[str, Organisation] = {}
    for slug, name, kind, district, ruc, dni, women, verified, owner, story_es, story_en in ORGANISATIONS:
        organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))
        if organisation is None:
            organisation = Organisation(
                slug=slug, name=name, kind=kind, ruc=ruc, dni=dni, women_led=women,
                story_es=story_es, story_en=story_en,
                status=VerificationStatus.VERIFIED if verified else VerificationStatus.UNVERIFIED,
                decided_at=utcnow() if verified else None,
            )
            organisation.set_district(district)
            db.session.add(organisation)
            created += 1
        owner_user, new_user = _user(*owner)
        created += new_user
        if new_user:
            db.session.add(Membership(user=owner_user, organisation=organisation, role=MemberRole.OWNER))
        organisations[slug] = organisation
    db.session.flush()
    for slug, name, owner, region, number, classes, granted, expires, member_slugs, desc_es, desc_en in BRANDS:
        if db.session.scalar(db.select(CollectiveBrand.id).where(CollectiveBrand.slug == slug)) is not None:
            continue
        brand = CollectiveBrand(
            slug=slug, name=name, owner=organisations[owner], region_code=region, registration_number=number,
            nice_classes=classes, granted_on=granted, expires_on=expires, description_es=desc_es, description_en=desc_en,
        )
        db.session.add(brand)
        for member in member_slugs:
            db.session.add(BrandMembership(brand=brand, organisation=organisations[member], authorised_from=granted))
        created += 1
    db.session.commit()
    created += catalogue_demo.load()
    created += brands_demo.load()
    created += fairs_demo.load()
    created += contacts_demo.load()
    created += figures_demo.load()
    created += notifications_demo.load()
    created += quotes_demo.load()
    created += terms_demo.load()
    return created


demo_cli = AppGroup("demo", help="Demo data for trying the shop.")


@demo_cli.command("load")
def load_command():
    """Load the demo producers, brands and accounts (safe to run again)."""
    created = load()
    click.echo(f"Demo data: {created} records created." if created else "Demo data already loaded; nothing to do.")
