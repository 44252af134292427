"""The product brief: genvideo's public input contract (see README "Brief format")."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from pipeline.errors import BriefError
from pipeline.model.platform import platforms, suggest_platform

HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CJK = re.compile(r"[\u3400-\u9fff]")
AUDIO_LABEL_MIN_S = 20.0   # the spoken AI disclosure (optional beside the visible label) is on by default from this long

# What one brief may hold. Far above any real ad (the 113 sample and corpus briefs: at most 5 features, 396
# characters of description, 2 KB of file), and low enough that writing the words stays under a second or so.
MAX_BRIEF_BYTES = 256 * 1024      # a brief or campaign file (and the same fields sent to the studio)
MAX_DEPTH = 16                    # objects and lists inside each other (a brief is 5 deep)
MAX_DESCRIPTION = 5000            # characters
MAX_ITEMS = 20                    # features, pain points, interests...
MAX_TEXT = 200                    # characters in one feature, pain point, offer...
MAX_ENTRIES = 500                 # glossary, pronounce and protected terms
Line = Annotated[str, Field(max_length=MAX_TEXT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Product(_Strict):
    """What is being advertised."""

    name: str = Field(min_length=1, max_length=200, description="Product name as spoken and shown (a marketplace "
                      "title with its tagline is fine: only the name before the tagline is said).")
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION,
                             description="Free text; the raw material for the script.")
    features: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS,
                                 description="Selling points, most important first.")
    price: Line | None = Field(None, description='Shown as written, e.g. "¥89" or "$24.99".')
    offer: Line | None = Field(None, description='Time-limited offer, e.g. "限时立减30元".')
    images: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS,
                               description="Product photos (JPEG/PNG/WebP) and video clips (MP4/MOV/WebM, any "
                               "orientation, with or without sound), in any mix, relative to the brief file. Clips "
                               "are trimmed to their best parts and retimed to the lines; their own sound is left out.")
    image_roles: list[Literal["hero", "detail", "in-use", "auto"]] = Field(
        default_factory=list, description='What each photo or clip shows, in the order of images: "hero" (the '
        'product itself, e.g. on a plain background), "detail" (a close-up), "in-use" (someone using it, a scene), '
        'or "auto" (photos: guessed from the file name and the picture; clips: in-use). Missing entries are guessed.')
    logo: Line | None = Field(None, description="Brand logo, PNG with transparency preferred.")
    brand_colors: list[str] = Field(default_factory=list, max_length=MAX_ITEMS,
                                    description='Brand colours as "#RRGGBB"; first is primary.')
    url: Line | None = Field(None, description="Landing page; may appear on the end card.")
    category: Line | None = Field(None, description='Product category; "health-food", "medical", "drug" or '
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

    name: Line | None = Field(None, description='Audience, e.g. "大学生" or "new parents".')
    age_range: tuple[int, int] | None = Field(None, description="[min, max] age, e.g. [18, 24].")
    interests: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    pain_points: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS,
                                    description="Problems the product solves for them.")
    tone: Line | None = Field(None, description='e.g. "energetic", "warm", "expert", "playful".')

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
    description: str | None = Field(None, max_length=MAX_DESCRIPTION)
    features: list[Line] | None = Field(None, max_length=MAX_ITEMS)
    price: Line | None = Field(None, description="The price in this market's currency, e.g. \"$12.99\".")
    offer: Line | None = None
    url: Line | None = None


class PersonaText(_Strict):
    name: Line | None = None
    interests: list[Line] | None = Field(None, max_length=MAX_ITEMS)
    pain_points: list[Line] | None = Field(None, max_length=MAX_ITEMS)


class Version(_Strict):
    """One market's version of the ad: its language, platforms and (optionally) its own text and prices."""

    lang: Literal["zh", "en", "ja"] = Field(description="Language of the version's script, voice and captions.")
    market: str = Field("global", pattern=r"^[a-z]{2,6}$", description='Market code, e.g. "cn", "us", "uk", "sg".')
    platforms: list[str] | None = Field(None, max_length=MAX_ITEMS,
                                        description="Default: the brief's platforms mapped to the market's.")
    product: ProductText = Field(default_factory=ProductText)
    persona: PersonaText = Field(default_factory=PersonaText)
    cta: Line | None = None

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.market}"


class Brief(_Strict):
    """One product brief: product, persona and output wishes."""

    product: Product
    persona: Persona = Field(default_factory=Persona)
    language: Literal["zh", "en", "ja"] | None = Field(None, description="Script/voice/caption language; default detected.")
    duration_s: float = Field(30.0, ge=6, le=90, description="Target length in seconds (6 to 90).")
    platforms: list[str] | None = Field(None, max_length=MAX_ITEMS,
                                        description="Platform ids; default douyin (zh) or tiktok (en).")
    cta: Line | None = Field(None, description="Call to action; a fitting default is written if absent.")
    seed: int = Field(0, description="Same brief + same seed = same plan.")
    hook_style: Literal["pain", "persona", "benefit", "number", "scenario", "plain"] | None = Field(
        None, description="How the ad opens: a pain point, a call-out to the persona, the lead benefit, "
        "a number from the selling points, a scenario (POV), or the product itself.")
    music_mood: Literal["upbeat", "bright", "warm"] | None = Field(None, description="Generated music; default by persona.")
    style: Line | None = Field(None, description="Visual style (templates/styles): clean, bold or lifestyle; "
                                                "default chosen by the audience's age and tone.")
    voice: Line | None = Field(None, description="Voice name (see `genvideo voices`) or a path to a Kokoro style "
                                                "(.npy/.bin) or Piper voice (.onnx) file.")
    voice_gender: Literal["female", "male"] | None = Field(
        None, description="Ask for the measured default female or male voice of the language.")
    versions: list[Version] = Field(default_factory=list, max_length=MAX_ITEMS, description="Cross-border versions: one per market, "
                                    "each a full set of cuts in its own language.")
    glossary: dict[Line, Line] = Field(default_factory=dict, max_length=MAX_ENTRIES, description="Fixed translations, e.g. {\"晨光\": "
                                     "\"Morning Light\"}; used as given in every version.")
    protected: list[Line] = Field(default_factory=list, max_length=MAX_ENTRIES, description="Terms never translated: brand names, model "
                                 "codes (URLs, prices and codes with digits are protected anyway).")
    pronounce: dict[Line, Line] = Field(default_factory=dict, max_length=MAX_ENTRIES, description="How the voice says terms it would get "
                                      "wrong: written form -> spoken form, e.g. {\"MUJI\": \"木吉\", \"FIT\": \"fit\"}. "
                                      "Applied before the spoken-form rules (numbers, prices, letters); captions keep "
                                      "the written form. A spoken form in Chinese characters is used by the Chinese "
                                      "voice only.")
    allow_claims: list[str] = Field(default_factory=list, description="Claims you can substantiate and want said, as "
                                    "the writer's notes name them, e.g. [\"押中率\", \"Best ramen\"]: the writer "
                                    "says the lines holding them and make does not stop on them; each use is recorded "
                                    "in report.json. Keep the evidence on file.")
    audio_label: bool | None = Field(None, description="Speak an AI-generated disclosure at the end; default: on for "
                                                      "Chinese briefs of 20 s or more that target a Chinese platform (the "
                                                      "visible label is always there).")

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
    if kind in ("too_long", "string_too_long"):
        return "shorten it: keep what matters most (a 30 s ad says a handful of things)"
    return "see `genvideo schema` for the expected form"


def parse_brief(data: object, source: str = "brief") -> Brief:
    """Validate brief data (already parsed JSON/YAML); raises BriefError naming the field."""
    if not isinstance(data, dict):
        raise BriefError(f"{source}: expected an object with a \"product\" field at the top level, got {type(data).__name__}")
    check_plain_data(data, source)
    brief = validate(Brief, data, source)
    _check_language(brief, source)
    return brief


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
    """Parsed JSON or YAML of a user's file, with clear errors for missing, unreadable, oversized or malformed
    files (see parse_data)."""
    path = Path(path)
    try:
        if not path.is_file():
            raise BriefError(f"{path}: {'is a folder' if path.is_dir() else 'file not found'}; pass the path of {what}")
        size = path.stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise BriefError(f"{path}: {_kb(size)} is more than a brief or campaign file may be ({_kb(MAX_BRIEF_BYTES)}); "
                             "a brief names the product, its selling points and its photos by path, it does not hold them")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise BriefError(f"{path}: cannot read as UTF-8 text ({e}); save the brief as UTF-8 JSON or YAML") from None
    return parse_data(text, str(path), yaml_ok=path.suffix.lower() in (".yaml", ".yml"))


def _kb(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class _AliasRefused(yaml.YAMLError):
    pass


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases (*name, and so `<<: *name`): ten lines of aliases can stand for billions of
    values, which every later step (validation, the writer) would walk."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not accepted; "
                                "write the values out")
        return super().compose_node(parent, index)


def parse_data(text: str, source: str, yaml_ok: bool = False) -> object:
    """JSON (or YAML, where yaml_ok) text a user gave, parsed within bounds: at most MAX_BRIEF_BYTES, no YAML
    aliases, at most MAX_DEPTH levels of nesting, no control characters in any text. Raises BriefError naming
    the source, the place and the fix. The one reader of briefs and campaigns, for the command line and the
    studio alike."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BRIEF_BYTES:
        raise BriefError(f"{source}: {_kb(size)} is more than a brief or campaign may be ({_kb(MAX_BRIEF_BYTES)}); "
                         "a brief names the product, its selling points and its photos, it does not hold them")
    try:
        data = yaml.load(text, Loader=_NoAliasLoader) if yaml_ok else json.loads(text)
    except RecursionError:
        raise BriefError(f"{source}: nested too deeply (more than {MAX_DEPTH} levels of objects and lists); "
                         "a brief is a few levels deep: see `genvideo schema`") from None
    except json.JSONDecodeError as e:
        raise BriefError(f"{source}: line {e.lineno} column {e.colno}: invalid JSON ({e.msg}); check for a missing "
                         "brace, quote or comma") from None
    except _AliasRefused as e:
        raise BriefError(f"{source}: {e}") from None
    except yaml.YAMLError as e:
        raise BriefError(f"{source}: not valid YAML ({e}); check indentation and quoting") from None
    check_plain_data(data, source)
    return data


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_plain_data(data: object, source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and control characters (NUL...) in any key or text, naming where."""
    stack = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BriefError(f"{source}: {where or '(top level)'}: nested more than {MAX_DEPTH} levels deep; a brief "
                             "is a few levels deep: see `genvideo schema`")
        if isinstance(value, str):
            m = _CONTROL.search(value)
            if m:
                shown = json.dumps(value[:40], ensure_ascii=False)
                raise BriefError(f"{source}: {where or '(top level)'}: contains the control character "
                                 f"U+{ord(m.group()):04X} at position {m.start()}, got {shown}; remove it (names, "
                                 "text and paths cannot hold one)")
        elif isinstance(value, dict):
            for k, v in value.items():
                key = json.dumps(str(k), ensure_ascii=False)[1:-1]       # shown with control characters escaped
                stack.append((str(k), f"{where}.{key}" if where else key, depth + 1))
                stack.append((v, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))


# Letters of a language genvideo cannot write or speak. Scripts: by the Unicode name's first word. Latin-script
# languages: by their commonest short words (each list leaves out words that are also English).
SPOKEN_SCRIPTS = {"LATIN", "CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC", "KANGXI"}
SCRIPT_NAMES = {"HANGUL": "Korean", "DEVANAGARI": "Hindi", "HEBREW": "Hebrew", "CYRILLIC": "Cyrillic (Russian...)"}
FOREIGN_WORDS = {
    "French": "le la les des du est et une pour avec dans qui sur vous pas au aux votre vos nos ce cette sont très "
              "sans mais leur",
    "Spanish": "el los las es y una para con por que del muy su sus tu sin más al se como está nuestro",
    "German": "der die das und ist mit für nicht ein eine auf sie ihr ihre den dem zu im sich auch wird oder ohne",
    "Portuguese": "os é um uma com não você seu sua mais do da dos das em na sem nosso",
    "Italian": "il lo gli è per con che non della del di da sono più senza nel alla",
    "Indonesian": "dan yang untuk dengan ini itu tidak anda kami dari di ke ada lebih",
    "Dutch": "het een en van voor met niet je jouw onze zijn op te ook dat",
}
ENGLISH_WORDS = set("the and is are with for to of your you in it this that on a an our from no not all every at by or "
                    "be can".split())
_WORD = re.compile(r"[^\W\d_]+")


def _foreign_language(text: str) -> str | None:
    """The language a text is written in when genvideo cannot speak it (Arabic, Korean, French...), else None."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    other: dict[str, int] = {}
    for c in letters:
        script = unicodedata.name(c, "UNKNOWN").split(" ")[0]
        if script not in SPOKEN_SCRIPTS:
            other[script] = other.get(script, 0) + 1
    if other:
        script, count = max(other.items(), key=lambda kv: kv[1])
        if sum(other.values()) >= 0.3 * len(letters):
            return SCRIPT_NAMES.get(script, script.title())
    if sum(0x1EA0 <= ord(c) <= 0x1EF9 for c in letters) >= 0.05 * len(letters):
        return "Vietnamese"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH_WORDS for w in words)
    for lang, listed in FOREIGN_WORDS.items():
        hits = sum(w in listed.split() for w in words)
        if hits >= 4 and hits >= 0.12 * len(words) and hits > 2 * english:
            return lang
    return None


def _check_language(brief: Brief, source: str) -> None:
    """Refuse up front a brief in a language genvideo cannot write and speak (it would make a broken video)."""
    p = brief.product
    for field, text in (("product.description", p.description), ("product.features", " ".join(p.features)),
                        ("product.name", p.name)):
        lang = _foreign_language(text)
        if lang and (field != "product.name" or _foreign_language(f"{p.name} {p.description}")):
            shown = json.dumps(text[:40] + ("..." if len(text) > 40 else ""), ensure_ascii=False)
            raise BriefError(f"{source}: {field}: written in {lang}, got {shown}; genvideo writes and speaks Chinese, "
                             "English and Japanese only: write the product's name, description and features in one "
                             "of them (and set language: zh, en or ja)")


def brief_json_schema() -> dict:
    """JSON Schema of the brief, from the model's field descriptions."""
    return Brief.model_json_schema()
