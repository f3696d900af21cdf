"""Every feature's tables, imported in one place so migrations and the shell see them all."""
from .accounts.models import PendingSignUp, SignInSession, User  # noqa: F401
from .audit import AuditEvent  # noqa: F401
from .brands.models import BrandListing, BrandMembership, BrandSteward, CollectiveBrand  # noqa: F401
from .catalogue.models import Category, HeritageElement, Lot, MakerCredit, PriceTier, Product, ProductPhoto, Provenance, Variant  # noqa: F401
from .complaints.models import Complaint, ComplaintCounter  # noqa: F401
from .figures.models import IndicatorTarget  # noqa: F401
from .fairs.models import Booth, BoothScanDay, Contact, ContactInterest, Fair, FairVisit  # noqa: F401
from .ledger.models import LedgerEntry  # noqa: F401
from .media.models import Image  # noqa: F401
from .notifications.models import OutboxEmail  # noqa: F401
from .orders.models import Cart, CartItem, Fulfilment, Order, OrderEvent, OrderLine  # noqa: F401
from .payments.models import Payment, Refund, StripeEvent  # noqa: F401
from .producers.models import Invitation, Membership, Organisation  # noqa: F401
from .sent_forms import SentForm  # noqa: F401
from .wholesale.quotes_models import Quote, QuoteLine, QuoteRequest, QuoteRequestLine  # noqa: F401
