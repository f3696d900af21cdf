"""Phone numbers: Peruvian mobiles (+51 9xx xxx xxx) or any valid international number."""
import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalise(text: str) -> str:
    """Return the number in E.164 form (+51987654321) or raise InvalidPhone.

    A number typed without a country code is read as Peruvian, and a Peruvian number must
    be a mobile: nine digits starting with 9.
    """
    try:
        number = phonenumbers.parse(text, "PE")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(text) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    if number.country_code == 51:
        national = str(number.national_number)
        if not (len(national) == 9 and national.startswith("9")):
            raise InvalidPhone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    """+51987654321 → '+51 987 654 321'; other countries in their international format."""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 51:
        n = str(number.national_number)
        return f"+51 {n[0:3]} {n[3:6]} {n[6:9]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
