from marketplace import demo
from marketplace.producers.models import VerificationStatus

from .. import factories


def test_home_shows_regions_producers_and_brands_of_the_demo_data_in_spanish(client, db):
    demo.load()
    page = client.get("/").get_data(as_text=True)
    assert 'lang="es"' in page
    for name in ["Lambayeque", "Cusco", "Puno", "Ayacucho", "Miel del Algarrobal", "Algodón Nativo Muchik",
                 "Hilos de Túcume", "Taller Qori Awana", "Juan Capuñay Yovera"]:
        assert name in page


def test_unverified_organisations_are_not_on_the_home_page(client, db):
    factories.organisation(name="Asociación Pendiente", status=VerificationStatus.UNVERIFIED)
    factories.organisation(name="Asociación Rechazada", status=VerificationStatus.REJECTED)
    factories.organisation(name="Asociación Verificada")
    page = client.get("/").get_data(as_text=True)
    assert "Asociación Verificada" in page
    assert "Asociación Pendiente" not in page
    assert "Asociación Rechazada" not in page


def test_demo_data_loads_twice_without_duplicates(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert "records created" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "nothing to do" in second.output
