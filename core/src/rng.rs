//! A seeded generator for made-up data (samples, benchmark workloads): the same seed always
//! gives the same values, on every platform. Not for anything that needs unpredictability.

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next value, uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::SeededRng;

    #[test]
    fn same_seed_same_values_in_range() {
        let (mut a, mut b) = (SeededRng::new(3), SeededRng::new(3));
        let xs: Vec<f64> = (0..1000).map(|_| a.unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert_eq!(xs, (0..1000).map(|_| b.unit()).collect::<Vec<_>>());
        assert_ne!(SeededRng::new(4).unit(), SeededRng::new(3).unit());
    }
}
