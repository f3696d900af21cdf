"""What can go wrong with fairs and booths; views turn each into a message in the reader's language."""


class FairError(Exception):
    pass


class NotFound(FairError):
    """No such record, or not one this person may see (shown as 404)."""


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
