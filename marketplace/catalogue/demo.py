"""Demo catalogue: the category tree, heritage elements and the twenty illustrative products of
DOMAIN.md §10 with their provenance and honey lots. Idempotent: what exists (by slug) is left alone.

Products are published where their organisation is verified and the listing is complete. The
honey sample kit (no commercial value) and the bulk bucket (FOB quote only) have no price, so
they stay drafts until wholesale quotes exist. Photos are plain generated pictures.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from PIL import Image as PillowImage
from PIL import ImageDraw

from ..accounts.models import User
from ..clock import utcnow
from ..extensions import db
from ..media.services import save_upload
from ..producers.models import Organisation
from .models import (
    AssistedListing,
    Category,
    HeritageElement,
    Lot,
    MakerCredit,
    Product,
    ProductPhoto,
    ProductStatus,
    Provenance,
    Technique,
    Variant,
)
from .products import change_status, missing_for_publication

# slug, name es, name en, sold by lot, description es, description en, children (slug, es, en)
CATEGORIES = [
    ("textiles", "Textiles", "Textiles", False,
     "Tejidos hechos a mano en telar de cintura, de pedal o de cuatro estacas, y a palitos.",
     "Hand-made weavings from backstrap, pedal and four-stake looms, and hand knitting.",
     [("caminos-de-mesa", "Caminos de mesa", "Table runners"), ("bolsos", "Bolsos", "Bags"),
      ("chales-y-mantas", "Chales y mantas", "Shawls and blankets"),
      ("chullos-y-chumpis", "Chullos y chumpis", "Chullos and chumpi belts"), ("tapices", "Tapices", "Tapestries"),
      ("cojines", "Cojines", "Cushion covers")]),
    ("algodon-nativo", "Algodón nativo", "Native cotton", False,
     "Algodón nativo de color de Lambayeque, cardado e hilado a mano.",
     "Native coloured cotton from Lambayeque, carded and spun by hand.",
     [("hilo", "Hilo", "Yarn"), ("fibra", "Fibra", "Fibre")]),
    ("miel", "Miel", "Honey", True,
     "Miel del bosque seco de Lambayeque, vendida por lote.",
     "Honey from the Lambayeque dry forest, sold by lot.",
     [("miel-de-algarrobo", "Miel de algarrobo", "Algarrobo honey"),
      ("miel-multifloral", "Miel multifloral", "Multifloral honey"),
      ("kits-de-muestra", "Kits de muestra", "Sample kits")]),
]

# slug, name es, name en, description es, description en, source
HERITAGE_ELEMENTS = [
    ("arte-textil-de-taquile", "Arte textil de Taquile", "Taquile and its textile art",
     "Tejidos de la isla de Taquile, a palitos o en telar de cuatro estacas; los hombres tejen el chullo y "
     "el chumpi calendario muestra el año agrícola y ritual.",
     "Weavings from Taquile island, knitted or woven on four-stake looms; men knit the chullo and the "
     "calendar belt shows the agricultural and ritual year.",
     "UNESCO, Lista Representativa del Patrimonio Cultural Inmaterial de la Humanidad, 2008 (Obra Maestra, 2005)"),
    ("algodon-nativo-de-color-de-lambayeque", "Algodón nativo de color de Lambayeque",
     "Native coloured cotton of Lambayeque",
     "Gossypium barbadense en sus colores naturales (pardo, crema, verde, lila, …), hilado y tejido por "
     "mujeres de Mórrope y Túcume.",
     "Gossypium barbadense in its natural colours (brown, cream, green, lilac, …), spun and woven by women "
     "of Mórrope and Túcume.",
     "Ley 29224 (2008), patrimonio genético y etnocultural de la Nación; Gobierno Regional de Lambayeque (2006)"),
    ("pallay-de-chinchero", "Pallay de Chinchero", "Chinchero pallay",
     "Los diseños tejidos (pallay) de Chinchero, con tintes de cochinilla, chilca y q'olle.",
     "The woven designs (pallay) of Chinchero, dyed with cochineal, chilca and q'olle.",
     "Centro de Textiles Tradicionales del Cusco (fundado en 1996 por tejedoras de Chinchero)"),
    ("tapiz-de-ayacucho", "Tapiz de Ayacucho", "Ayacucho tapestry",
     "Tapices de lana en telar de pedal, tradición de las familias tejedoras del barrio de Santa Ana.",
     "Wool tapestries from the pedal loom, a tradition of the weaving families of the Santa Ana quarter.",
     "MINCETUR, monografía del tapiz de Ayacucho, 2015"),
]


@dataclass
class DemoLot:
    code: str
    campaign: str
    harvest: date
    floral_source: str
    apiary: str
    net_weight_g: int
    moisture: Decimal | None = None
    best_before: date | None = None
    sanitary_registration: str | None = None


@dataclass
class DemoProduct:
    slug: str
    organisation: str
    category: str
    name_es: str
    name_en: str
    price: int | None  # céntimos; None: no price yet (stays a draft)
    stock: int
    description_es: str
    description_en: str
    colours: tuple[tuple[int, int, int], ...]  # for the generated photo
    options: list[tuple[str, str, int]] = field(default_factory=list)  # es, en, stock
    community: str | None = None
    district: str | None = None
    technique: Technique | None = None
    fibre: str | None = None
    dyes: str | None = None
    iconography: str | None = None
    meaning_es: str | None = None
    meaning_en: str | None = None
    hours: int | None = None
    makers: list[str] = field(default_factory=list)  # all gave consent to be named
    heritage: list[str] = field(default_factory=list)
    lot: DemoLot | None = None


PARDO, CREMA, VERDE, LILA = (122, 84, 54), (236, 222, 196), (139, 156, 104), (176, 150, 180)
MARRON, COLORADO, ROJO = (84, 56, 40), (150, 78, 52), (170, 36, 44)
AMBAR, DORADO = (196, 128, 28), (222, 170, 60)
ALGARROBO_LOT = DemoLot("MDA-SAL-2024-C1-007", "2024, primera floración", date(2024, 3, 15),
                        "algarrobo (Prosopis pallida)", "140310", 500, Decimal("18.2"), date(2026, 3, 15),
                        "DEMO-RS-2024-0007 (ficticio)")
MULTIFLORAL_LOT = DemoLot("MDA-MOT-2024-C2-003", "2024, campaña desde agosto", date(2024, 9, 20),
                          "multifloral del bosque seco", "140307", 250, None, date(2026, 9, 20))
ALGODON = "algodon-nativo-de-color-de-lambayeque"

PRODUCTS = [
    DemoProduct("camino-de-mesa-algodon-nativo-pardo-y-crema", "rosa-santisteban", "caminos-de-mesa",
                "Camino de mesa de algodón nativo pardo y crema, 40 × 150 cm",
                "Native cotton table runner, pardo and cream, 40 × 150 cm", 16000, 3,
                "Algodón nativo cardado, hilado y tejido a mano en telar de cintura. Colores naturales, sin teñir.",
                "Native cotton carded, spun and woven by hand on a backstrap loom. Natural, undyed colours.",
                (PARDO, CREMA), community="Mórrope", district="140306", technique=Technique.BACKSTRAP,
                fibre="algodón nativo pardo y crema", dyes="sin teñir: colores naturales del algodón", hours=28,
                makers=["Rosa Santisteban Llontop"], heritage=[ALGODON]),
    DemoProduct("bolso-algodon-nativo-pardo-colorado-naylamp", "rosa-santisteban", "bolsos",
                "Bolso de algodón nativo pardo colorado con motivo Naylamp",
                "Native cotton bag, reddish brown, with a small Naylamp motif", 8500, 6,
                "Bolso tejido en telar de cintura con un pequeño Naylamp, de la iconografía de Lambayeque.",
                "A bag woven on a backstrap loom with a small Naylamp, from Lambayeque iconography.",
                (COLORADO, CREMA), community="Mórrope", district="140306", technique=Technique.BACKSTRAP,
                fibre="algodón nativo pardo colorado", dyes="sin teñir", iconography="Naylamp",
                meaning_es="Naylamp, el fundador de Lambayeque según la tradición oral.",
                meaning_en="Naylamp, the founder of Lambayeque in oral tradition.",
                makers=["Rosa Santisteban Llontop"], heritage=[ALGODON]),
    DemoProduct("chal-algodon-nativo-marron-oscuro-y-lila", "maria-chaponan", "chales-y-mantas",
                "Chal de algodón nativo marrón oscuro y lila", "Native cotton shawl, dark brown and lilac", 14000, 2,
                "Fibra en los colores del banco de germoplasma de Túcume, tejida a mano.",
                "Fibre in the colours of the Túcume germplasm bank, woven by hand.",
                (MARRON, LILA), community="Túcume", district="140312", technique=Technique.BACKSTRAP,
                fibre="algodón nativo marrón oscuro y lila", dyes="sin teñir", hours=30,
                makers=["María Chapoñán Sirlopú"], heritage=[ALGODON]),
    DemoProduct("hilo-algodon-nativo-hilado-a-mano-250-g", "maria-chaponan", "hilo",
                "Hilo de algodón nativo hilado a mano, 250 g", "Hand-spun native cotton yarn, 250 g", 4500, 0,
                "Hilo sin teñir en tres colores naturales, para diseñadoras y tejedoras.",
                "Undyed yarn in three natural colours, for designers and weavers.",
                (PARDO, CREMA, VERDE), options=[("pardo", "brown", 8), ("crema", "cream", 5), ("verde", "green", 4)],
                community="Túcume", district="140312", technique=Technique.HAND_SPINNING, fibre="algodón nativo",
                dyes="sin teñir", heritage=[ALGODON]),
    DemoProduct("algodon-nativo-pardo-en-copos-por-kg", "tejedoras-morrope", "fibra",
                "Algodón nativo pardo en copos, por kilo", "Brown native cotton fibre, by the kilo", 9000, 60,
                "Algodón nativo pardo desmotado y cardado a mano, listo para hilar; se vende por kilo.",
                "Brown native cotton, ginned and carded by hand, ready to spin; sold by the kilo.",
                (PARDO, CREMA), community="Mórrope", district="140306", fibre="algodón nativo pardo",
                dyes="sin teñir", heritage=[ALGODON]),
    DemoProduct("funda-de-cojin-algodon-nativo-crema-y-verde", "rosa-santisteban", "cojines",
                "Funda de cojín de algodón nativo crema y verde", "Native cotton cushion cover, cream and green",
                7000, 4,
                "El algodón nativo verde es suave y se aclara con los lavados.",
                "Green native cotton is soft and fades with washing.",
                (CREMA, VERDE), community="Mórrope", district="140306", technique=Technique.BACKSTRAP,
                fibre="algodón nativo crema y verde", dyes="sin teñir", heritage=[ALGODON]),
    DemoProduct("miel-de-algarrobo-500-g", "juan-capunay", "miel-de-algarrobo",
                "Miel de algarrobo, frasco de 500 g", "Algarrobo honey, 500 g jar", 2200, 40,
                "Miel del bosque seco de algarrobo de Salas, cosechada en marzo de 2024.",
                "Honey from the algarrobo dry forest of Salas, harvested in March 2024.",
                (AMBAR, DORADO), community="Salas", district="140310", makers=["Juan Capuñay Yovera"],
                lot=ALGARROBO_LOT),
    DemoProduct("miel-de-algarrobo-1-kg", "juan-capunay", "miel-de-algarrobo",
                "Miel de algarrobo, 1 kg", "Algarrobo honey, 1 kg", 3800, 20,
                "La misma cosecha de Salas, en envase de un kilo.", "The same Salas harvest, in a one-kilo jar.",
                (AMBAR,), community="Salas", district="140310", makers=["Juan Capuñay Yovera"],
                lot=replace(ALGARROBO_LOT, net_weight_g=1000)),
    DemoProduct("miel-multifloral-del-bosque-seco-250-g", "apicola-cerro-la-vieja", "miel-multifloral",
                "Miel multifloral del bosque seco, 250 g", "Dry-forest multifloral honey, 250 g", 1400, 60,
                "Miel del sector Tongorrape de Motupe, de la campaña que empezó en agosto de 2024.",
                "Honey from the Tongorrape sector of Motupe, from the campaign that began in August 2024.",
                (DORADO,), community="Sector Tongorrape", district="140307", lot=MULTIFLORAL_LOT),
    DemoProduct("kit-de-muestras-de-miel-3-x-50-g", "apicola-cerro-la-vieja", "kits-de-muestra",
                "Kit de muestras de miel, 3 × 50 g", "Honey sample kit, 3 × 50 g", None, 10,
                "Muestra sin valor comercial para compradores, con la ficha de laboratorio.",
                "A sample with no commercial value for buyers, with the lab sheet.",
                (AMBAR, DORADO, AMBAR), community="Sector Tongorrape", district="140307",
                lot=replace(MULTIFLORAL_LOT, net_weight_g=150)),
    DemoProduct("miel-a-granel-balde-de-25-kg", "apicola-cerro-la-vieja", "miel-multifloral",
                "Miel a granel, balde de 25 kg", "Bulk honey, 25 kg bucket", None, 8,
                "Solo por cotización FOB, para compradores mayoristas y de exportación.",
                "FOB quote only, for wholesale and export buyers.",
                (DORADO,), community="Sector Tongorrape", district="140307",
                lot=replace(MULTIFLORAL_LOT, net_weight_g=25000)),
    DemoProduct("poncho-de-lana-de-oveja-incahuasi", "tejedoras-incahuasi", "chales-y-mantas",
                "Poncho de lana de oveja de Incahuasi", "Sheep-wool poncho from Incahuasi", 22000, 2,
                "Tejido por una comunidad quechuahablante de la sierra de Lambayeque, con tintes naturales.",
                "Woven by a Quechua-speaking highland community of Lambayeque, with natural dyes.",
                (ROJO, MARRON), community="Incahuasi", district="140203", fibre="lana de oveja",
                dyes="tintes naturales"),
    DemoProduct("lliclla-de-alpaca-y-oveja-rojo-cochinilla", "away-sumaq", "chales-y-mantas",
                "Lliclla de alpaca y oveja, rojo cochinilla", "Lliclla carrying cloth, alpaca and sheep, cochineal red",
                52000, 1,
                "Lliclla tejida en telar de cintura con pallay de Chinchero.",
                "A lliclla woven on a backstrap loom with Chinchero pallay.",
                (ROJO, CREMA, MARRON), community="Chinchero", district="081302", technique=Technique.BACKSTRAP,
                fibre="alpaca y oveja", dyes="cochinilla", iconography="pallay de Chinchero", hours=60,
                heritage=["pallay-de-chinchero"]),
    DemoProduct("chumpi-con-pallay-5-x-110-cm", "away-sumaq", "chullos-y-chumpis",
                "Chumpi con pallay, 5 × 110 cm", "Chumpi belt with pallay, 5 × 110 cm", 9500, 5,
                "Faja tejida con pallay, teñida con cochinilla, q'olle y chilca.",
                "A belt woven with pallay, dyed with cochineal, q'olle and chilca.",
                (ROJO, DORADO, VERDE), community="Chinchero", district="081302", technique=Technique.BACKSTRAP,
                fibre="lana de oveja", dyes="cochinilla, q'olle y chilca", iconography="pallay",
                heritage=["pallay-de-chinchero"]),
    DemoProduct("camino-de-mesa-con-motivo-mayu", "taller-inti-pallay", "caminos-de-mesa",
                "Camino de mesa con motivo mayu (río)", "Table runner with the mayu (river) motif", 15000, 3,
                "Tejido en el taller familiar de Pisac.", "Woven in the family workshop in Pisac.",
                (VERDE, CREMA), community="Pisac", district="080405", technique=Technique.BACKSTRAP,
                iconography="mayu", meaning_es="Mayu quiere decir «río» en quechua.",
                meaning_en="Mayu means 'river' in Quechua.", makers=["Lucía Quispe Huamán"]),
    DemoProduct("chalina-de-alpaca-colores-naturales", "taller-inti-pallay", "chales-y-mantas",
                "Chalina de alpaca en colores naturales", "Alpaca scarf in natural fleece colours", 11000, 0,
                "Alpaca sin teñir, cepillada.", "Undyed alpaca, brushed.",
                (CREMA, PARDO), options=[("blanco", "white", 2), ("café", "brown", 2), ("gris", "grey", 1)],
                community="Pisac", district="080405", fibre="alpaca", dyes="sin teñir: colores naturales del vellón"),
    DemoProduct("chullo-tejido-a-palitos-taquile", "tejedores-taquile", "chullos-y-chumpis",
                "Chullo tejido a palitos en Taquile", "Hand-knitted chullo from Taquile", 9000, 4,
                "En Taquile los hombres tejen el chullo a palitos; cada uno lleva de tres a cuatro semanas.",
                "On Taquile the men knit the chullo; each one takes three to four weeks.",
                (ROJO, CREMA), community="Isla Taquile", district="210103", technique=Technique.KNITTING,
                fibre="lana de oveja", makers=["Fortunato Huatta Yucra"], heritage=["arte-textil-de-taquile"]),
    DemoProduct("chumpi-calendario-de-taquile", "tejedores-taquile", "chullos-y-chumpis",
                "Chumpi calendario de Taquile", "Taquile calendar belt", 38000, 1,
                "Faja tejida en telar de cuatro estacas.", "A belt woven on a four-stake loom.",
                (ROJO, MARRON, CREMA), community="Isla Taquile", district="210103", technique=Technique.FOUR_STAKE,
                iconography="calendario agrícola y ritual",
                meaning_es="Cada figura es un mes del año agrícola y ritual de la isla.",
                meaning_en="Each figure is a month of the island's agricultural and ritual year.",
                heritage=["arte-textil-de-taquile"]),
    DemoProduct("awayu-aymara-de-chucuito", "warmi-ampara", "chales-y-mantas",
                "Awayu aymara de Chucuito", "Aymara awayu carrying cloth from Chucuito", 26000, 2,
                "Awayu con diseños aymaras, tejido en telar de pedal.", "An awayu with Aymara designs, pedal loom.",
                (ROJO, VERDE, MARRON), community="Chucuito", district="210106", technique=Technique.PEDAL,
                iconography="diseños aymaras"),
    DemoProduct("tapiz-de-ayacucho-60-x-90-cm", "taller-qori-awana", "tapices",
                "Tapiz de Ayacucho, 60 × 90 cm, lana y tintes naturales",
                "Ayacucho tapestry, 60 × 90 cm, wool and natural dyes", 45000, 1,
                "Tapiz en telar de pedal, en la tradición del barrio de Santa Ana; unas tres semanas de trabajo.",
                "A pedal-loom tapestry in the Santa Ana tradition; about three weeks of work.",
                (ROJO, DORADO, MARRON), community="Barrio de Santa Ana", district="050101",
                technique=Technique.PEDAL, fibre="lana de oveja", dyes="tintes naturales",
                makers=["Teodora Gallardo Oré"], heritage=["tapiz-de-ayacucho"]),
    DemoProduct("tapiz-pequeno-motivo-geometrico-wari", "taller-qori-awana", "tapices",
                "Tapiz pequeño con motivo geométrico wari, 40 × 40 cm",
                "Small tapestry with a Wari geometric motif, 40 × 40 cm", 18000, 2,
                "Iconografía inspirada en la cultura Wari.", "Iconography inspired by the Wari culture.",
                (COLORADO, CREMA), community="Barrio de Santa Ana", district="050101", technique=Technique.PEDAL,
                fibre="lana de oveja", dyes="cochinilla y nogal", iconography="geometría wari",
                meaning_es="Formas escalonadas de la tradición wari.", meaning_en="Stepped forms of the Wari tradition.",
                makers=["Teodora Gallardo Oré"], heritage=["tapiz-de-ayacucho"]),
]


def _categories() -> tuple[dict[str, Category], int]:
    found = {c.slug: c for c in db.session.scalars(db.select(Category))}
    created = 0
    for position, (slug, es, en, by_lot, desc_es, desc_en, children) in enumerate(CATEGORIES):
        root = found.get(slug)
        if root is None:
            root = found[slug] = Category(slug=slug, name_es=es, name_en=en, sold_by_lot=by_lot, position=position,
                                          description_es=desc_es, description_en=desc_en)
            db.session.add(root)
            created += 1
        for child_position, (child_slug, child_es, child_en) in enumerate(children):
            if child_slug not in found:
                found[child_slug] = Category(slug=child_slug, name_es=child_es, name_en=child_en, parent=root,
                                             position=child_position)
                db.session.add(found[child_slug])
                created += 1
    return found, created


def _heritage() -> tuple[dict[str, HeritageElement], int]:
    found = {e.slug: e for e in db.session.scalars(db.select(HeritageElement))}
    created = 0
    for slug, es, en, desc_es, desc_en, source in HERITAGE_ELEMENTS:
        if slug not in found:
            found[slug] = HeritageElement(slug=slug, name_es=es, name_en=en, description_es=desc_es,
                                          description_en=desc_en, source=source)
            db.session.add(found[slug])
            created += 1
    return found, created


def _picture(colours: tuple[tuple[int, int, int], ...]) -> io.BytesIO:
    """Woven-looking stripes in the product's colours: enough to see a listing with a photo."""
    width, height = 640, 480
    picture = PillowImage.new("RGB", (width, height), colours[0])
    draw = ImageDraw.Draw(picture)
    band = height // 12
    for i in range(12):
        draw.rectangle((0, i * band, width, (i + 1) * band - 8), fill=colours[i % len(colours)])
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return buffer


def _product(spec: DemoProduct, organisation: Organisation, categories, heritage) -> Product:
    product = Product(slug=spec.slug, organisation=organisation, category=categories[spec.category],
                      name_es=spec.name_es, name_en=spec.name_en, description_es=spec.description_es,
                      description_en=spec.description_en, status=ProductStatus.DRAFT)
    db.session.add(product)
    options = spec.options or [(None, None, spec.stock)]
    for position, (option_es, option_en, stock) in enumerate(options):
        product.variants.append(Variant(sku=f"{spec.slug[:30].upper()}-{position + 1}", option_es=option_es,
                                        option_en=option_en, price_amount=spec.price, stock=stock,
                                        position=position, is_default=position == 0))
    product.provenance = Provenance(community=spec.community, district_code=spec.district, technique=spec.technique,
                                    fibre=spec.fibre, dyes=spec.dyes, iconography=spec.iconography,
                                    iconography_meaning_es=spec.meaning_es, iconography_meaning_en=spec.meaning_en,
                                    hours_of_work=spec.hours)
    db.session.add(product.provenance)
    for position, name in enumerate(spec.makers):
        product.makers.append(MakerCredit(name=name, consent=True, position=position))
    product.heritage_elements = [heritage[slug] for slug in spec.heritage]
    if spec.lot:
        lot = spec.lot
        db.session.add(Lot(product=product, lot_code=lot.code, campaign=lot.campaign, harvest_date=lot.harvest,
                           floral_source=lot.floral_source, apiary_district_code=lot.apiary,
                           moisture_percent=lot.moisture, net_weight_g=lot.net_weight_g, best_before=lot.best_before,
                           sanitary_registration=lot.sanitary_registration, is_current=True))
    return product


def load() -> int:
    """Create whatever demo catalogue records are missing; return how many were created."""
    categories, created = _categories()
    heritage, created_elements = _heritage()
    created += created_elements
    db.session.commit()
    for spec in PRODUCTS:
        if db.session.scalar(db.select(Product.id).where(Product.slug == spec.slug)) is not None:
            continue
        organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == spec.organisation))
        if organisation is None:
            continue
        product = _product(spec, organisation, categories, heritage)
        db.session.commit()
        image = save_upload(_picture(spec.colours), organisation=organisation)
        db.session.add(ProductPhoto(product=product, image=image, position=0))
        if organisation.is_public and not missing_for_publication(product):
            change_status(product, ProductStatus.PUBLISHED, by=None, reason="demo")
        db.session.commit()
        created += 1
    return created + _assisted_listing(categories)


ASSISTED_SLUG = "chumpi-de-taquile-con-ayuda"


def _assisted_listing(categories) -> int:
    """A belt woven on Taquile, listed by staff for a weaver without a smartphone and waiting
    for her yes: what the staff page and the confirmation link show."""
    if db.session.scalar(db.select(Product.id).where(Product.slug == ASSISTED_SLUG)) is not None:
        return 0
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == "tejedores-taquile"))
    staff = db.session.scalar(db.select(User).where(User.email == "staff@mercadocolectivo.pe"))
    category = categories["chullos-y-chumpis"]
    if organisation is None or staff is None:
        return 0
    product = Product(slug=ASSISTED_SLUG, organisation=organisation, category=category,
                      name_es="Chumpi de Taquile", name_en="Taquile belt", status=ProductStatus.DRAFT,
                      description_es="Faja tejida a mano en Taquile, con el calendario de la isla en sus pallay.",
                      description_en="Belt hand-woven on Taquile, with the island's calendar in its pallay.")
    product.variants.append(Variant(sku="CHUMPI-TAQUILE-1", price_amount=9000, stock=4, position=0, is_default=True))
    db.session.add(product)
    db.session.commit()
    image = save_upload(_picture((ROJO, CREMA, VERDE)), organisation=organisation)
    db.session.add(ProductPhoto(product=product, image=image, position=0))
    db.session.add(AssistedListing(product=product, helper=staff, helper_name=staff.name, phone="+51951234567",
                                   link_nonce="demo0assisted000", link_expires_at=utcnow() + timedelta(days=7)))
    db.session.commit()
    return 1
