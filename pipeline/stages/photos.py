"""Which photo each shot shows: the product's photos by role (hero, detail, in-use), matched to what the line
under the shot says. Pure: planning gives the photos' roles and their close-ups, this picks.

The story short-video ads tell with pictures: the hook and the pain points show the situation (someone using
it, a scene), the line that names the product shows the product itself, selling points show details. With
fewer photos than that, close-ups of a photo's most detailed regions stand in for detail shots, and no view
is shown twice in a row while another one is left.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("hero", "detail", "in-use")


def place_images(scenes: list, n_images: int) -> list:
    """The product photos in turn behind every line but the offer and the call to action (typographic cards);
    which photo each shot shows is decided later (`pick_views`), this only marks the lines that show one."""
    if not n_images:
        return scenes
    out, k = [], 0
    for s in scenes:
        if s.kind in ("offer", "cta", "disclosure") or s.image_index is not None:
            out.append(s)
        else:
            out.append(s.model_copy(update={"image_index": k % n_images}))
            k += 1
    return out
# roles a line wants to see, best first
WANTS = {
    "hook": ("in-use", "detail", "hero"),     # the situation, or a close-up that makes one look twice
    "pain": ("in-use", "hero", "detail"),
    "proof": ("in-use", "hero", "detail"),
    "intro": ("hero", "in-use", "detail"),
    "feature": ("detail", "hero", "in-use"),
    "offer": ("hero", "in-use", "detail"),      # the price and the call to action sit by the product itself
    "cta": ("hero", "in-use", "detail"),
    "end": ("hero", "in-use", "detail"),
}


WHOLE = ("offer", "cta", "end")


@dataclass(frozen=True)
class View:
    """One way of showing a photo: whole, or a close-up (crop as fractions of the photo)."""

    image: int
    crop: tuple[float, float, float, float] | None = None

    def role(self, roles: tuple[str, ...]) -> str:
        return "detail" if self.crop is not None else roles[self.image]


def resolve_roles(roles: tuple[str, ...], n: int) -> tuple[str, ...]:
    """Every photo's role: as given or guessed, and the first photo is the hero when none is."""
    out = [r if r in ROLES else "hero" for r in (tuple(roles) + ("hero",) * n)[:n]]
    if out and "hero" not in out:
        out[0] = "hero"
    return tuple(out)


def pick_views(kinds: list[str], roles: tuple[str, ...], crops: list[list[tuple[float, float, float, float]]],
               moving: tuple[bool, ...] = ()) -> list[View]:
    """One view per shot, for shots under lines of these kinds. roles: one per photo or clip (resolved); crops:
    the close-ups each photo allows (may be empty); moving: which items are clips (each showing of a clip is
    another stretch of it, so showing it again costs less).

    Score of a view for a line (lower is better): how far down the line's wanted roles the view's role is,
    plus how often it was shown, plus a large penalty for the view just shown; a close-up is a little worse
    than a real photo of the same role."""
    whole = [View(i) for i in range(len(roles))]
    views = whole + [View(i, c) for i, cs in enumerate(crops) for c in cs]
    uses: dict[View, int] = {}
    out: list[View] = []
    for kind in kinds:
        wants = WANTS.get(kind, ROLES)
        prev = out[-1] if out else None
        # the price, the call to action and the end card show the product whole, never a close-up of it
        pool = whole if kind in WHOLE else views

        def score(v: View) -> float:
            r = v.role(roles)
            rank = wants.index(r) if r in wants else len(wants)
            clip = v.image < len(moving) and moving[v.image]
            again = (1, 2) if clip else (3, 8)
            return (rank * 2 + uses.get(v, 0) * again[0] + (again[1] if v == prev else 0)
                    + (1 if v.crop is not None else 0))

        best = min(pool, key=score)         # ties: the earlier view (whole photos, in the brief's order)
        uses[best] = uses.get(best, 0) + 1
        out.append(best)
    return out
