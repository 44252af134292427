"""The product brief: genvideo's public input contract (see README "Brief format")."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from pipeline.errors import BriefError
from pipeline.model.platform import platforms, suggest_platform

HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CJK = re.compile(r"[\u3400-\u9fff]")
AUDIO_LABEL_MIN_S = 12.0   # the spoken AI disclosure is on by default for ads at least this long


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Product(_Strict):
    """What is being advertised."""

    name: str = Field(min_length=1, max_length=200, description="Product name as spoken and shown (a marketplace "
                      "title with its tagline is fine: only the name before the tagline is said).")
    description: str = Field(min_length=1, description="Free text; the raw material for the script.")
    features: list[str] = Field(default_factory=list, description="Selling points, most important first.")
    price: str | None = Field(None, description='Shown as written, e.g. "¥89" or "$24.99".')
    offer: str | None = Field(None, description='Time-limited offer, e.g. "限时立减30元".')
    images: list[str] = Field(default_factory=list, description="Product photos (JPEG/PNG/WebP) and video clips "
                              "(MP4/MOV/WebM, any orientation, with or without sound), in any mix, relative to the "
                              "brief file. Clips are trimmed to their best parts and retimed to the lines; their "
                              "own sound is left out.")
    image_roles: list[Literal["hero", "detail", "in-use", "auto"]] = Field(
        default_factory=list, description='What each photo or clip shows, in the order of images: "hero" (the '
        'product itself, e.g. on a plain background), "detail" (a close-up), "in-use" (someone using it, a scene), '
        'or "auto" (photos: guessed from the file name and the picture; clips: in-use). Missing entries are guessed.')
    logo: str | None = Field(None, description="Brand logo, PNG with transparency preferred.")
    brand_colors: list[str] = Field(default_factory=list, description='Brand colours as "#RRGGBB"; first is primary.')
    url: str | None = Field(None, description="Landing page; may appear on the end card.")
    category: str | None = Field(None, description='Product category; "health-food", "medical", "drug" or '
                                                   '"medical-device" change which claims are allowed; "finance", '
                                                   '"insurance", "loan" add the finance rules (保本, "guaranteed '
                                                   'returns") and "clinic", "dental", "medical-service" the '
                                                   'clinic rules (无痛, "pain-free"); without one they are guessed '
                                                   'from the brief\'s words.')

    @field_validator("name", "description")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()

    @field_validator("features")
    @classmethod
    def _features(cls, v: list[str]) -> list[str]:
        out = [f.strip() for f in v]
        if any(not f for f in out):
            raise ValueError("features must not contain empty strings")
        return out

    @field_validator("image_roles")
    @classmethod
    def _roles_match_images(cls, v: list[str], info: ValidationInfo) -> list[str]:
        n = len(info.data.get("images") or [])
        if len(v) > n:
            raise ValueError(f"{len(v)} roles for {n} image(s); give one role per photo, in the order of images")
        return v

    @field_validator("brand_colors")
    @classmethod
    def _colors(cls, v: list[str]) -> list[str]:
        for c in v:
            if not HEX_COLOR.match(c):
                raise ValueError(f'colour {c!r} is not "#RRGGBB" (e.g. "#6B3E26")')
        return [c.upper() for c in v]


class Persona(_Strict):
    """Who the ad speaks to."""

    name: str | None = Field(None, description='Audience, e.g. "大学生" or "new parents".')
    age_range: tuple[int, int] | None = Field(None, description="[min, max] age, e.g. [18, 24].")
    interests: list[str] = Field(default_factory=list)
    pain_points: list[str] = Field(default_factory=list, description="Problems the product solves for them.")
    tone: str | None = Field(None, description='e.g. "energetic", "warm", "expert", "playful".')

    @field_validator("age_range")
    @classmethod
    def _ages(cls, v):
        if v is None:
            return v
        lo, hi = v
        if not (0 < lo <= hi <= 120):
            raise ValueError(f"expected two ages with 0 < min <= max <= 120, like [18, 24]; got {list(v)}")
        return v


class ProductText(_Strict):
    """A version's own text for the product (in the version's language); what it gives is not translated."""

    name: str | None = Field(None, max_length=200)
    description: str | None = None
    features: list[str] | None = None
    price: str | None = Field(None, description="The price in this market's currency, e.g. \"$12.99\".")
    offer: str | None = None
    url: str | None = None


class PersonaText(_Strict):
    name: str | None = None
    interests: list[str] | None = None
    pain_points: list[str] | None = None


class Version(_Strict):
    """One market's version of the ad: its language, platforms and (optionally) its own text and prices."""

    lang: Literal["zh", "en", "ja"] = Field(description="Language of the version's script, voice and captions.")
    market: str = Field("global", pattern=r"^[a-z]{2,6}$", description='Market code, e.g. "cn", "us", "uk", "sg".')
    platforms: list[str] | None = Field(None, description="Default: the brief's platforms mapped to the market's.")
    product: ProductText = Field(default_factory=ProductText)
    persona: PersonaText = Field(default_factory=PersonaText)
    cta: str | None = None

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.market}"


class Brief(_Strict):
    """One product brief: product, persona and output wishes."""

    product: Product
    persona: Persona = Field(default_factory=Persona)
    language: Literal["zh", "en", "ja"] | None = Field(None, description="Script/voice/caption language; default detected.")
    duration_s: float = Field(30.0, ge=6, le=90, description="Target length in seconds (6 to 90).")
    platforms: list[str] | None = Field(None, description="Platform ids; default douyin (zh) or tiktok (en).")
    cta: str | None = Field(None, description="Call to action; a fitting default is written if absent.")
    seed: int = Field(0, description="Same brief + same seed = same plan.")
    hook_style: Literal["pain", "persona", "benefit", "number", "scenario", "plain"] | None = Field(
        None, description="How the ad opens: a pain point, a call-out to the persona, the lead benefit, a number from the selling points, a scenario (POV), or the product itself.")
    music_mood: Literal["upbeat", "bright", "warm"] | None = Field(None, description="Generated music; default by persona.")
    style: str | None = Field(None, description="Visual style (templates/styles): clean, bold or lifestyle; "
                                                "default chosen by the audience's age and tone.")
    voice: str | None = Field(None, description="Voice name (see `genvideo voices`) or a path to a Kokoro style "
                                                "(.npy/.bin) or Piper voice (.onnx) file.")
    voice_gender: Literal["female", "male"] | None = Field(
        None, description="Ask for the measured default female or male voice of the language.")
    versions: list[Version] = Field(default_factory=list, description="Cross-border versions: one per market, "
                                    "each a full set of cuts in its own language.")
    glossary: dict[str, str] = Field(default_factory=dict, description="Fixed translations, e.g. {\"晨光\": "
                                     "\"Morning Light\"}; used as given in every version.")
    protected: list[str] = Field(default_factory=list, description="Terms never translated: brand names, model "
                                 "codes (URLs, prices and codes with digits are protected anyway).")
    pronounce: dict[str, str] = Field(default_factory=dict, description="How the voice says terms it would get "
                                      "wrong: written form -> spoken form, e.g. {\"MUJI\": \"木吉\", \"FIT\": \"fit\"}. "
                                      "Applied before the spoken-form rules (numbers, prices, letters); captions keep "
                                      "the written form. A spoken form in Chinese characters is used by the Chinese "
                                      "voice only.")
    audio_label: bool | None = Field(None, description="Speak an AI-generated disclosure at the end; default: on for "
                                                      "Chinese briefs of 12 s or more that target a Chinese platform.")

    @field_validator("style")
    @classmethod
    def _style(cls, v):
        from pipeline.model.style import style_names
        if v is not None and v not in style_names():
            raise ValueError(f"unknown style {v!r}; known: {', '.join(style_names())}")
        return v

    @field_validator("pronounce")
    @classmethod
    def _pronounce(cls, v: dict[str, str]) -> dict[str, str]:
        out = {}
        for written, said in v.items():
            if not written.strip() or not said.strip():
                raise ValueError(f"entry {json.dumps({written: said}, ensure_ascii=False)} needs both a written and "
                                 "a spoken form, like {\"MUJI\": \"mu ji\"}")
            out[written.strip()] = said.strip()
        return out

    @field_validator("platforms")
    @classmethod
    def _platforms(cls, v):
        if v is None:
            return v
        if not v:
            raise ValueError("must list at least one platform, e.g. [\"douyin\"]")
        known = platforms()
        for p in v:
            if p not in known:
                near = suggest_platform(p)
                hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
                raise ValueError(f"unknown platform {p!r}; {hint}known: {', '.join(known)}")
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _defaults(self):
        lang = self.language or detect_language(self.product.description + self.product.name)
        object.__setattr__(self, "language", lang)
        if self.platforms is None:
            object.__setattr__(self, "platforms", ["douyin"] if lang == "zh" else ["tiktok"])
        return self

    @property
    def lang(self) -> str:
        return self.language or "en"

    def wants_audio_label(self) -> bool:
        """The spoken disclosure: as the brief says, else on for zh briefs aimed at a Chinese platform."""
        if self.audio_label is not None:
            return self.audio_label
        # by default only where there is time for it: in a bumper the 2 s it takes would crowd out the
        # product's name, offer and call to action (the visible label and the metadata are always there)
        return (self.lang == "zh" and any(platforms()[p].market == "cn" for p in self.platforms or [])
                and self.effective_duration_s() >= AUDIO_LABEL_MIN_S)

    def effective_duration_s(self) -> float:
        """Target length capped by the shortest platform limit among the requested ones."""
        caps = [platforms()[p].max_duration_s for p in self.platforms or []]
        return min([self.duration_s, *caps])


def detect_language(text: str) -> str:
    """ja when the text has kana, zh when a fair share of letters are CJK ideographs, else en."""
    cjk = len(CJK.findall(text))
    kana = len(re.findall(r"[\u3040-\u30ff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if kana and kana >= 0.1 * (cjk + kana):
        return "ja"
    return "zh" if cjk and cjk * 2 >= latin * 0.5 else "en"


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fix_hint(err: dict) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "remove it or check its spelling (see `genvideo schema`)"
    if kind == "missing":
        return "add it"
    if kind.startswith("greater_than") or kind.startswith("less_than"):
        return "use a number in the allowed range"
    return "see `genvideo schema` for the expected form"


def parse_brief(data: object, source: str = "brief") -> Brief:
    """Validate brief data (already parsed JSON/YAML); raises BriefError naming the field."""
    if not isinstance(data, dict):
        raise BriefError(f"{source}: expected an object with a \"product\" field at the top level, got {type(data).__name__}")
    return validate(Brief, data, source)


def validate(model: type[BaseModel], data: dict, source: str):
    """model.model_validate(data), with errors turned into one BriefError line per bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        lines = []
        for err in e.errors():
            loc = _format_loc(err["loc"]) or "(top level)"
            value = err.get("input")
            shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, dict) else "{...}"
            if len(shown) > 60:
                shown = shown[:57] + "..."
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                lines.append(f"{source}: {loc}: required field is missing; add it")
            else:
                lines.append(f"{source}: {loc}: {msg}, got {shown}; {_fix_hint(err)}")
        raise BriefError("\n".join(lines)) from None


def read_brief_file(path: Path) -> tuple[Brief, Path]:
    """Read and validate a JSON or YAML brief; returns it with the folder relative paths resolve against."""
    return parse_brief(read_data_file(path, "a product brief (genvideo init writes one)"), str(path)), Path(path).parent.resolve()


def read_data_file(path: Path, what: str) -> object:
    """Parsed JSON or YAML of a user's file, with clear errors for missing, unreadable or malformed files."""
    path = Path(path)
    if not path.exists():
        raise BriefError(f"{path}: file not found; pass the path of {what}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BriefError(f"{path}: cannot read as UTF-8 text ({e}); save the brief as UTF-8 JSON or YAML") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BriefError(f"{path}: line {e.lineno} column {e.colno}: invalid JSON ({e.msg}); check for a missing brace, quote or comma") from None
    except yaml.YAMLError as e:
        raise BriefError(f"{path}: invalid YAML ({e}); check indentation and quoting") from None
    return data


def brief_json_schema() -> dict:
    """JSON Schema of the brief, from the model's field descriptions."""
    return Brief.model_json_schema()
