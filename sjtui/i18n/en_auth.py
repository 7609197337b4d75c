"""English texts of sign-in (merged into the English table by `sjtui.i18n`)."""

TEXTS: dict[str, str] = {
    "signin.title": "Sign in",
    "signin.intro": "Open the address on your phone or in a browser and enter the code.",
    "signin.again": "Your access has expired. Sign in again; the screen is kept.",
    "signin.url": "Address",
    "signin.code": "Code",
    "signin.qr": "Or scan the QR code:",
    "signin.starting": "Getting a code …",
    "signin.waiting": "Waiting for you to sign in …",
    "signin.done": "Signed in as {name}.",
    "signin.expired": "The code expired. Press Enter for a new code.",
    "signin.denied": "The sign-in was refused. Press Enter to try again.",
    "signin.failed": "Sign-in failed: {reason} Press Enter to try again.",
    "signin.keys": "Enter: new code · Escape: cancel",
    "signin.cancelled": "Not signed in: no data can be fetched until you sign in.",
    "status.user": "{name}",
    "status.user.asserted": "{name} (asserted by this workstation)",
    "status.user.none": "not signed in",
}
