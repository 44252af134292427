"""The render plan: everything the renderer needs, in integer frames and full-size pixels.

A plan is pure data (JSON round-trip). Planning decides every layout question;
the renderer only draws primitives: gradient, image, text, captions, labels.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in full-size pixels


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GradientLayer(_M):
    type: Literal["gradient"] = "gradient"
    colors: tuple[str, str]
    angle_deg: float = 90.0


class KenBurns(_M):
    """Slow zoom/pan of a scene's picture layers, as parameters (never code)."""

    zoom_from: float = 1.0
    zoom_to: float = 1.08
    center_from: tuple[float, float] = (0.5, 0.5)
    center_to: tuple[float, float] = (0.5, 0.5)
    punch_frames: list[int] = Field(default_factory=list, description="Shot frames (on music beats) where the "
                                                                      "zoom steps in by punch_zoom.")
    punch_zoom: float = 0.0


class ImageLayer(_M):
    """A product photo (or the logo) placed in a box; blur_fill paints a blurred cover of it behind."""

    type: Literal["image"] = "image"
    source: str = Field(description="Absolute path of the user's image.")
    box: Box
    fit: Literal["contain", "cover"] = "contain"
    blur_fill: bool = True
    shadow: bool = True
    crop: tuple[float, float, float, float] | None = Field(
        None, description="Part of the photo shown (x0, y0, x1, y1 as fractions of its size): a detail shot.")
    role: Literal["product", "logo"] = "product"
    motion: KenBurns | None = Field(None, description="The photo moves inside its box (zoom and pan of what the "
                                                      "box shows; the box stays put). None: it moves with the "
                                                      "scene's motion.")


class ClipLayer(_M):
    """A stretch of the user's video clip playing in a box over the whole shot: source seconds
    [src_start_s, src_end_s] at one constant speed, the shown window panning from crop_from to crop_to (same
    size; fractions of the upright frame). The clip's own sound is not used."""

    type: Literal["clip"] = "clip"
    source: str = Field(description="Absolute path of the user's clip.")
    box: Box
    src_start_s: float
    src_end_s: float
    crop_from: tuple[float, float, float, float]
    crop_to: tuple[float, float, float, float]
    tonemap: bool = Field(False, description="HDR (PQ/HLG) footage: tone-mapped to BT.709 SDR.")
    shadow: bool = True


class TextLayer(_M):
    type: Literal["text"] = "text"
    text: str
    box: Box
    font_px: int
    color: str
    align: Literal["left", "center"] = "center"
    background: str | None = Field(None, description="Rounded plate colour behind the text, '#RRGGBBAA'.")
    stroke_px: int = 0
    min_contrast: float | None = Field(None, description="Lowest WCAG contrast of the text against what planning "
                                                         "knows is behind it (gradient, shapes, plate).")
    group: int | None = Field(None, description="Entrance group (see Scene.entrances); None = shown from the start.")


class ShapeLayer(_M):
    """A rounded rectangle (badges, plates)."""

    type: Literal["shape"] = "shape"
    box: Box
    color: str
    radius_px: int = 0
    shape: Literal["rect", "burst"] = "rect"
    group: int | None = None


Layer = Annotated[Union[GradientLayer, ImageLayer, ClipLayer, TextLayer, ShapeLayer], Field(discriminator="type")]


class Entrance(_M):
    """How one group of overlay layers comes on: at start_frame (shot-relative), over duration_frames.

    pop: stamps in from 1.35x its size; slide: moves in from (dx, dy) px away; fade: alpha 0 -> 1; type: its text
    appears a character at a time over duration_frames (a plate or accent bar of the group is there from the
    start); pulse: pops in, then swells a little and back once a second until the shot ends (the end card's call
    to action)."""

    group: int
    kind: Literal["pop", "slide", "fade", "type", "pulse"]
    start_frame: int
    duration_frames: int
    dx: int = 0
    dy: int = 0


class ProgressBar(_M):
    """A countdown bar that drains from full to empty between two shot-relative frames (offers that end). It may
    run on past its shot's end: the offer stays on screen through the shots after it, and so does the bar."""

    box: Box
    fill: str
    track: str
    start_frame: int
    end_frame: int


class Transition(_M):
    kind: str = Field(description="ffmpeg xfade transition name, e.g. 'fade', 'smoothleft'.")
    duration_frames: int


class Scene(_M):
    """A visual shot. It starts `transition_in.duration_frames` before the previous shot ends."""

    index: int
    script_scene: int
    start_frame: int
    duration_frames: int
    motion: KenBurns
    layers: list[Layer] = Field(description="Picture layers, moved by `motion` (a photo with its own motion moves "
                                            "inside its box instead; a clip plays in its box).")
    overlay: list[Layer] = Field(default_factory=list, description="Text and shape layers on top; those with a "
                                                                   "group enter as its Entrance says.")
    entrances: list[Entrance] = Field(default_factory=list)
    progress: ProgressBar | None = None
    transition_in: Transition | None = None
    keep_out: list[Box] = Field(default_factory=list, description="Where the product's salient and text-like "
                                                                  "regions (logo, label) stand in the frame over "
                                                                  "the shot: no text box may cover them.")


class CaptionWord(_M):
    text: str
    line: int
    start_frame: int
    end_frame: int
    emphasis: bool = Field(False, description="A number, price or the product's name: coloured (and scaled) "
                                              "as it is spoken.")


class CaptionEvent(_M):
    """One caption page: up to two lines, words highlighted as they are spoken."""

    start_frame: int
    end_frame: int
    lines: list[str]
    words: list[CaptionWord]
    box: Box = Field(description="Where the text block sits (measured with the caption font).")


class CaptionStyle(_M):
    font_px: int
    color: str
    highlight: str
    outline: str
    outline_px: int
    line_gap_px: int
    plate: str | None = Field(None, description="Translucent box behind each caption line, '#RRGGBBAA'.")
    emphasis: str | None = Field(None, description="Colour of emphasis words while spoken.")
    emphasis_scale: int = Field(100, description="Size of an emphasis word while spoken, percent.")


class LabelEvent(_M):
    """The visible AI-generated-content label (GB 45438-2025 explicit label)."""

    text: str
    start_frame: int
    end_frame: int
    box: Box
    font_px: int


class AudioMix(_M):
    narration_offset_frames: int
    music_mood: str
    music_bpm: int
    music_seed: int
    duck_db: float
    target_lufs: float
    true_peak_dbtp: float


class Plan(_M):
    """One cut (output profile) of one narration."""

    version: Literal[1] = 1
    cut: str
    width: int
    height: int
    fps: int
    total_frames: int
    seed: int
    language: Literal["zh", "en", "ja"]
    style: str = Field("clean", description="Visual style the plan was laid out in (templates/styles).")
    font_file: str = Field(description="Font file name under the bundled fonts folder.")
    safe_box: Box
    scenes: list[Scene]
    captions: list[CaptionEvent]
    caption_style: CaptionStyle
    labels: list[LabelEvent]
    notices: list[LabelEvent] = Field(default_factory=list, description="Fine print shown, not said: the brief's "
                                      "long disclosures, at the top of the safe area from the offer to the end.")
    audio: AudioMix
    notes: list[str] = Field(default_factory=list, description="What planning decided about the user's media "
                                                               "that the report should say (clips retimed, "
                                                               "small photos kept small).")

    @property
    def duration_s(self) -> float:
        return self.total_frames / self.fps


def frames(seconds: float, fps: int) -> int:
    """The one seconds->frames conversion: round half up to the nearest frame."""
    return int(seconds * fps + 0.5)
