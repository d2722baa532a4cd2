"""The Rapportage area: the stand van zaken, hours against the norm and the other apps' figures."""
