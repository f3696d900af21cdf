"""What can go wrong with fairs and booths; views turn each into a message in the reader's language."""


class FairError(Exception):
    pass


# No such record, or not one this person may see: the one NotFound every feature raises (404).
from ..errors import NotFound  # noqa: E402,F401


class SlugTaken(FairError):
    pass


class DatesReversed(FairError):
    """The fair would end before it starts."""


class FairNotUpcoming(FairError):
    """Joining is for fairs that have not started yet."""


class AlreadyAtFair(FairError):
    """The organisation already has a booth (or a pending request) at this fair."""

    def __init__(self, booth):
        super().__init__(booth.status)
        self.booth = booth


class OrganisationNotVerified(FairError):
    """Only verified producers, whose pages are public, can be at a fair."""


class ReasonRequired(FairError):
    pass


class AlreadyDecided(FairError):
    """Someone else decided meanwhile; nothing was changed."""

    def __init__(self, booth):
        super().__init__(booth.status)
        self.booth = booth
