"""Every feature's tables, imported in one place so migrations and the shell see them all."""
from .accounts.models import User  # noqa: F401
from .audit import AuditEvent  # noqa: F401
from .brands.models import BrandMembership, CollectiveBrand  # noqa: F401
from .notifications.models import OutboxEmail  # noqa: F401
from .producers.models import Invitation, Membership, Organisation  # noqa: F401
