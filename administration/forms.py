from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from PIL import Image, UnidentifiedImageError

from administration.kommun import aktuell
from administration.models import Kommuninstallning
from uppfoljning import roles
from uppfoljning.validators import no_personal_identity

User = get_user_model()

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000  # per side; a header logo needs a few hundred
LOGO_MIN_PIXELS = 16
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}


def validate_logo(upload):
    """PNG or JPEG, at most 1 MB and of sane size; Swedish messages.

    The size is checked before Pillow reads anything, and the pixel size from
    the header before the image is decoded (no decompression bombs).
    """
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            "Filen är för stor (%(storlek)s). Logotypen får vara högst 1 MB.",
            code="logo_size",
            params={"storlek": f"{upload.size / (1024 * 1024):.1f} MB".replace(".", ",")},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            fmt, (width, height) = image.format, image.size
            if fmt not in LOGO_FORMATS:
                raise ValidationError(
                    "Logotypen måste vara en PNG- eller JPEG-bild.", code="logo_format"
                )
            if max(width, height) > LOGO_MAX_PIXELS or min(width, height) < LOGO_MIN_PIXELS:
                raise ValidationError(
                    "Bilden är %(bredd)s × %(hojd)s bildpunkter. Logotypen ska vara mellan "
                    "%(min)s och %(max)s bildpunkter på varje led.",
                    code="logo_dimensions",
                    params={
                        "bredd": width,
                        "hojd": height,
                        "min": LOGO_MIN_PIXELS,
                        "max": LOGO_MAX_PIXELS,
                    },
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Filen kunde inte läsas som en bild. Välj en PNG- eller JPEG-fil.", code="logo_invalid"
        ) from None
    finally:
        upload.seek(0)
    return fmt


class LogotypInput(forms.ClearableFileInput):
    """Django's widget links the stored file under MEDIA_URL, which is not served;
    the page shows the current logo above the form instead."""

    template_name = "administration/widgets/logotyp.html"


class KommuninstallningForm(forms.ModelForm):
    # Django's ImageField would accept GIF, BMP, WebP …; ours takes PNG/JPEG only.
    logotyp = forms.FileField(
        label="Logotyp",
        required=False,
        widget=LogotypInput(attrs={"accept": "image/png,image/jpeg"}),
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text=Kommuninstallning._meta.get_field("logotyp").help_text,
    )

    class Meta:
        model = Kommuninstallning
        fields = ["kommunens_namn", "forvaltning", "namnd", "diarienummer_prefix", "logotyp"]

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        if standard is not None:
            # Show what an empty field means: the environment's default.
            for name, value in (
                ("kommunens_namn", standard.namn),
                ("forvaltning", standard.forvaltning),
                ("namnd", standard.namnd),
            ):
                self.fields[name].widget.attrs["placeholder"] = value
                self.fields[
                    name
                ].help_text = f"{self.fields[name].help_text} Tomt fält: {value}.".strip()

    def clean_logotyp(self):
        upload = self.cleaned_data.get("logotyp")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            fmt = validate_logo(upload)
            # The stored name's extension follows the content, not the sender.
            upload.name = f"logotyp.{LOGO_FORMATS[fmt]}"
        return upload


class DiarienummerPrefixMixin:
    """For a form with a `diarienummer` field: an empty one starts with the
    municipality's prefix (settings page), e.g. "SN-", and the prefix alone,
    left untouched, counts as empty so it is never saved as a number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._diarienummer_forslag = aktuell().diarienummer_forslag
        if not self.is_bound and not self.initial.get("diarienummer"):
            self.initial["diarienummer"] = self._diarienummer_forslag

    def clean_diarienummer(self):
        value = self.cleaned_data.get("diarienummer", "")
        if self._diarienummer_forslag and value.strip() == self._diarienummer_forslag:
            if self.fields["diarienummer"].required:
                raise ValidationError("Skriv hela diarienumret, inte bara prefixet.")
            return ""
        return value


def _role_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label="Roller",
        queryset=Group.objects.filter(name__in=roles.ROLES).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        **kwargs,
    )


class _NameFields(forms.Form):
    first_name = forms.CharField(label="Förnamn", max_length=150, validators=[no_personal_identity])
    last_name = forms.CharField(
        label="Efternamn", max_length=150, validators=[no_personal_identity]
    )
    email = forms.EmailField(label="E-post", max_length=254, validators=[no_personal_identity])


class _UsernameField(forms.Form):
    username = forms.CharField(
        label="Användarnamn",
        max_length=150,
        validators=[User.username_validator, no_personal_identity],
        help_text="Bokstäver, siffror och @ . + - _ (högst 150 tecken).",
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Det finns redan en användare med det användarnamnet.")
        return username


class AnvandareCreateForm(_UsernameField, _NameFields):
    roller = _role_field(
        help_text="Användaren får ett e-postmeddelande med en länk för att sätta sitt lösenord."
    )

    field_order = ["username", "first_name", "last_name", "email", "roller"]


class AnvandareUpdateForm(_NameFields):
    roller = _role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Accounts made before this page (or by a command) may lack a surname.
        self.fields["last_name"].required = False


class ForstaStartForm(_UsernameField, _NameFields):
    password1 = forms.CharField(
        label="Lösenord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Lösenord igen",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2"]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Lösenorden är inte lika.")
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
