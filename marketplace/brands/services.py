"""Collective brands' use cases in one place to look: each lives in the module of its area.

registry: brands, their rules document, seal and stewards (staff).
authorisations: which organisations may use a brand (stewards).
listings: claims of a brand on a product and their review (producer → steward → staff).
seals: the seal as buyers see it, derived at read time (the storefront's queries).
listeners: an approved listing whose product changes goes back to review (the catalogue's
  product_changed signal).
"""
from ..audit import history as audit_history  # noqa: F401
from .access import brand_by_id, brand_by_slug, brand_for_keeper, is_member, is_steward, stewarded_brands  # noqa: F401
from .authorisations import (  # noqa: F401
    AuthorisationDetails,
    authorisation_of,
    authorisations,
    authorise,
    authorised_brands,
    change_authorisation,
    current_authorisation,
    current_members,
    membership_for_brand,
    organisations_to_authorise,
    update_authorisation,
)
from .errors import (  # noqa: F401
    AlreadyAuthorised,
    AlreadyClaimed,
    AlreadyDecided,
    BrandError,
    DatesOutOfOrder,
    InvalidDocument,
    InvalidOwner,
    NotAuthorised,
    NotFound,
    NotOwnerMember,
    NotReadyForReview,
    NotYourMove,
    OwnListing,
    ProductNotPublishable,
    ReasonRequired,
)
from .listings import (  # noqa: F401
    BulkOutcome,
    claim_brand,
    decide_listing,
    decide_listings,
    last_mover,
    listing_by_id,
    listing_for_brand,
    listing_for_member,
    missing_for_review,
    move_listing,
    request_seal,
    seal_offers,
    steward_check,
    submit_listing,
    withdraw_listing,
)
from .queues import ReviewContext, producer_listings, review_context, staff_queue, steward_queue  # noqa: F401
from .registry import (  # noqa: F401
    BrandDetails,
    RulesDocument,
    all_brands,
    appoint_steward,
    brand_owners,
    expiring_brands,
    expiry_warning_days,
    read_rules_document,
    remove_steward,
    renew_registration,
    rules_document_url,
    rules_max_bytes,
    save_brand,
    steward_candidates,
)
from .seals import (  # noqa: F401
    approved_product_ids_for_brand,
    brand_filter,
    public_brand,
    public_brands,
    sealed_product_ids,
    sealed_products_page,
    seals_for_product,
    seals_for_products,
)
