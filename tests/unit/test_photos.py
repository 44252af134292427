"""Photo roles: what each photo shows (given or guessed), and which photo each line of the ad is shown over."""

import pytest
from PIL import Image

from pipeline.errors import BriefError
from pipeline.media.images import guess_role, load_image
from pipeline.model.brief import parse_brief
from pipeline.resources import assets_dir
from pipeline.stages.photos import View, pick_views, resolve_roles

SCENE_PHOTO = assets_dir() / "samples" / "coffee" / "images" / "coffee.png"   # a cup on a wooden table
KINDS = ["hook", "intro", "feature", "feature", "pain", "proof", "feature"]
CROP_A, CROP_B = (0.1, 0.1, 0.5, 0.5), (0.5, 0.5, 0.9, 0.9)


def _packshot() -> Image.Image:
    """The cup cut small onto a plain white ground: the way a product listing's main photo looks."""
    ground = Image.new("RGB", (600, 600), (250, 250, 250))
    ground.paste(load_image(SCENE_PHOTO, "x").convert("RGB").resize((300, 200)), (150, 200))
    return ground.convert("RGBA")


@pytest.mark.parametrize("name,role", [
    ("hero.jpg", "hero"), ("main-photo.png", "hero"), ("主图.jpg", "hero"), ("白底图1.jpg", "hero"),
    ("detail-2.jpg", "detail"), ("closeup.webp", "detail"), ("细节图.jpg", "detail"), ("面料特写.png", "detail"),
    ("kitchen_scene.jpg", "in-use"), ("lifestyle-1.jpg", "in-use"), ("场景图.jpg", "in-use"), ("模特上身.jpg", "in-use"),
])
def test_file_names_say_the_role(name, role):
    assert guess_role(name, load_image(SCENE_PHOTO, "x")) == role


def test_words_inside_other_words_do_not_count():
    # "handbag" is not "hand", "userguide" is not "use": the picture decides (a plain white ground: hero)
    assert guess_role("handbag_bg.jpg", _packshot()) == "hero"
    assert guess_role("userguide.jpg", load_image(SCENE_PHOTO, "x")) == "in-use"


def test_pictures_say_the_role_when_names_do_not():
    assert guess_role("IMG_0412.jpg", _packshot()) == "hero"                    # plain background
    assert guess_role("IMG_0413.jpg", load_image(SCENE_PHOTO, "x")) == "in-use"   # surroundings
    cutout = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    cutout.paste((200, 30, 30, 255), (80, 80, 220, 220))
    assert guess_role("IMG_0414.png", cutout) == "hero"                          # transparent cut-out


def test_roles_resolve_with_a_hero_always():
    assert resolve_roles(("in-use", "detail"), 2) == ("hero", "detail")
    assert resolve_roles(("detail", "hero"), 2) == ("detail", "hero")
    assert resolve_roles((), 2) == ("hero", "hero")


def test_each_line_gets_the_photo_it_wants():
    roles = ("hero", "detail", "in-use")
    views = pick_views(KINDS, roles, [[CROP_A], [], [CROP_B]])
    by_kind = list(zip(KINDS, views))
    assert by_kind[0][1] == View(2)                 # hook: the product in use
    assert by_kind[1][1] == View(0)                 # the line that names it: the product itself
    assert by_kind[2][1] == View(1)                 # first selling point: the detail photo
    assert all(v.role(roles) == "detail" for k, v in by_kind if k == "feature")
    assert by_kind[4][1].image == 2                 # the pain point: the scene again
    assert all(a != b for a, b in zip(views, views[1:]))   # never the same view twice in a row


def test_one_photo_becomes_a_tease_a_reveal_and_close_ups():
    views = pick_views(KINDS, ("hero",), [[CROP_A, CROP_B]])
    assert views[0].crop is not None                # hook: a close-up that makes one look twice
    assert views[1] == View(0)                      # name said: the whole product
    assert all(v.crop is not None for k, v in zip(KINDS, views) if k == "feature")
    assert all(a != b for a, b in zip(views, views[1:]))


def test_without_close_ups_a_single_photo_is_simply_shown():
    assert pick_views(["hook", "intro"], ("hero",), [[]]) == [View(0), View(0)]


def test_roles_in_the_brief_are_checked():
    base = {"product": {"name": "x", "description": "y", "images": ["a.jpg", "b.jpg"]}}
    brief = parse_brief({**base, "product": {**base["product"], "image_roles": ["detail", "auto"]}})
    assert brief.product.image_roles == ["detail", "auto"]
    with pytest.raises(BriefError, match=r"product\.image_roles: 3 roles for 2 image"):
        parse_brief({**base, "product": {**base["product"], "image_roles": ["hero", "detail", "in-use"]}})
    with pytest.raises(BriefError, match=r"product\.image_roles\[0\].*'hero', 'detail', 'in-use' or 'auto'.*closeup"):
        parse_brief({**base, "product": {**base["product"], "image_roles": ["closeup"]}})
