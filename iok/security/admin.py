"""The second step's devices in the admin (django-otp's own model admins):
whoever is not the administrator sees, changes and deletes only the devices
of logins they may manage (iok.access.logins.may_manage), should a group
ever be given permissions here. A device holds its login's key, so even
viewing one is managing its login."""

from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from iok.access.admin import ManagedLoginsMixin


class DeviceAdminMixin(ManagedLoginsMixin):
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._manages(request, obj)


for model, model_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    admin.site.unregister(model)
    bases = (DeviceAdminMixin, model_admin)
    admin.site.register(model, type(model_admin.__name__, bases, {"__module__": __name__}))
