//! Deterministic run ids and run names: the same workspace seed and counter always give the
//! same values (no clock, no OS randomness), so a shared lab reproduces exactly.

/// SplitMix64: a small, well-mixed generator step.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A 32-hex-digit run id (MLflow uses a uuid4 hex string of that shape).
pub fn run_id(seed: u64, n: u64) -> String {
    let a = splitmix(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let b = splitmix(a ^ 0x5851_F42D_4C95_7F2D);
    format!("{a:016x}{b:016x}")
}

/// A 32-hex-digit id derived from `text` (model uuids): the same text, the same id.
pub fn derived_id(text: &str) -> String {
    let h = u64::from(crate::crc32::hash(text.as_bytes()));
    let len = text.len() as u64;
    run_id(h << 32 | len, h ^ 0x6d6f_6465_6c21)
}

const ADJECTIVES: &[&str] = &[
    "abundant",
    "agreeable",
    "amazing",
    "bold",
    "brave",
    "bright",
    "bustling",
    "calm",
    "capable",
    "carefree",
    "caring",
    "casual",
    "classy",
    "clean",
    "clever",
    "colorful",
    "crawling",
    "dapper",
    "delicate",
    "efficient",
    "enchanting",
    "fearless",
    "flawless",
    "funny",
    "gentle",
    "glamorous",
    "gregarious",
    "handsome",
    "honorable",
    "illustrious",
    "industrious",
    "intelligent",
    "judicious",
    "kindly",
    "learned",
    "legendary",
    "likeable",
    "loud",
    "luminous",
    "marvelous",
    "masked",
    "melodic",
    "merciful",
    "mercurial",
    "monumental",
    "mysterious",
    "nebulous",
    "omniscient",
    "orderly",
    "overjoyed",
    "peaceful",
    "painted",
    "persistent",
    "placid",
    "polite",
    "popular",
    "powerful",
    "puzzled",
    "rambunctious",
    "rare",
    "rebellious",
    "respected",
    "resilient",
    "righteous",
    "receptive",
    "redolent",
    "rogue",
    "rumbling",
    "salty",
    "sassy",
    "secretive",
    "selective",
    "sedate",
    "serious",
    "shivering",
    "skillful",
    "sincere",
    "skittish",
    "silent",
    "smiling",
    "sneaky",
    "sophisticated",
    "spiffy",
    "stately",
    "suave",
    "stylish",
    "tasteful",
    "thoughtful",
    "thundering",
    "traveling",
    "treasured",
    "trusting",
    "unequaled",
    "upset",
    "unique",
    "unleashed",
    "useful",
    "upbeat",
    "unruly",
    "valuable",
    "vaunted",
    "victorious",
    "welcoming",
    "whimsical",
    "wistful",
    "wise",
    "worried",
    "youthful",
    "zealous",
];

const NOUNS: &[&str] = &[
    "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf",
    "carp", "cat", "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow", "cub",
    "deer", "doe", "dog", "dolphin", "donkey", "dove", "duck", "eel", "elk", "finch", "fish",
    "flea", "fly", "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat", "goose", "grouse", "grub",
    "gull", "hare", "hawk", "hen", "hog", "horse", "hound", "jay", "kit", "kite", "koi", "lamb",
    "lark", "loon", "lynx", "mare", "midge", "mink", "mole", "moose", "moth", "mouse", "mule",
    "newt", "owl", "ox", "panda", "penguin", "perch", "pig", "pug", "quail", "ram", "rat", "ray",
    "robin", "roo", "rook", "seal", "shad", "shark", "sheep", "shoat", "shrew", "shrike", "shrimp",
    "skink", "skunk", "sloth", "slug", "smelt", "snail", "snake", "snipe", "sow", "sponge",
    "squid", "squirrel", "stag", "steed", "stoat", "stork", "swan", "tern", "toad", "trout",
    "turtle", "vole", "wasp", "whale", "wolf", "worm", "wren", "yak", "zebra",
];

/// An `adjective-noun-NNN` run name, as MLflow generates when `run_name` is absent.
pub fn run_name(seed: u64, n: u64) -> String {
    let x = splitmix(seed.rotate_left(17) ^ n.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let adjective = ADJECTIVES[(x % ADJECTIVES.len() as u64) as usize];
    let noun = NOUNS[((x >> 20) % NOUNS.len() as u64) as usize];
    format!("{adjective}-{noun}-{}", (x >> 40) % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_distinct_and_well_formed() {
        assert_eq!(run_id(7, 1), run_id(7, 1));
        let ids: std::collections::BTreeSet<String> = (0..10_000).map(|n| run_id(7, n)).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids
            .iter()
            .all(|i| i.len() == 32 && i.chars().all(|c| c.is_ascii_hexdigit())));
        assert_ne!(run_id(7, 1), run_id(8, 1));
    }

    #[test]
    fn names_look_like_mlflows() {
        let name = run_name(3, 4);
        let parts: Vec<&str> = name.split('-').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert!(ADJECTIVES.contains(&parts[0]) && NOUNS.contains(&parts[1]));
        assert!(parts[2].parse::<u32>().is_ok_and(|n| n < 1000));
        assert_eq!(run_name(3, 4), name);
    }
}
