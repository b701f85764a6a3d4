"""The admin's login (/beheer/login/): password and TOTP code in one step.

django-otp's admin form asks for the device by a drop-down that is only
filled after a first submission, and refuses a code until one is chosen
("Please select a device"), so every login failed once, and so did every
retry after a mistyped code. Every account here has exactly one
authenticator (accounts.create_account), so the form takes that device when
there is only one and shows the choice only when there are several. It
still never tries a code against every device in turn (django-otp's reason
for asking: that would count failures against devices not used).

Lockouts and the code throttle are explained with the wait in minutes or
seconds instead of a bare refusal.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.models import Device

from .lockout import lockout_message, lockout_remaining, throttle_message, throttle_remaining


class AdminLoginForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )
    otp_device = forms.CharField(
        label=_("Authenticator"), required=False, widget=forms.Select(choices=[])
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.show_device_choice = False

    def clean(self):
        username = self.cleaned_data.get("username", "")
        remaining = lockout_remaining(username)
        if remaining is not None:
            # Checked before the password, so a locked account says so even
            # when the password typed is wrong; axes is not asked again.
            raise forms.ValidationError(lockout_message(remaining), code="locked")
        self.cleaned_data = super(OTPAdminAuthenticationForm, self).clean()
        user = self.get_user()
        if user is not None:
            device = self._only_device(user)
            if device is not None and not self.cleaned_data.get("otp_device"):
                self.cleaned_data["otp_device"] = device.persistent_id
            chosen = self._chosen_device(user)
            if chosen is not None and self.cleaned_data.get("otp_token"):
                wait = throttle_remaining(chosen)
                if wait:
                    raise forms.ValidationError(throttle_message(wait), code="throttled")
            try:
                self.clean_otp(user)
            finally:
                # The password is never sent back into the page.
                self.fields["password"].widget.render_value = False
                self.show_device_choice = device is None
        return self.cleaned_data

    @staticmethod
    def _only_device(user) -> Device | None:
        devices = list(devices_for_user(user, confirmed=True))
        return devices[0] if len(devices) == 1 else None
