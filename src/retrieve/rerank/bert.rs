//! A BERT encoder's forward pass on the CPU, for sentence embeddings (mean-pooled, unit length),
//! as sentence-transformers computes them for all-MiniLM-L6-v2.
//!
//! Hand-written over `matrixmultiply`'s sgemm: a BERT encoder is embeddings, then layers of
//! self-attention and a feed-forward block, each with a residual and a layer norm; the
//! machine-learning frameworks that would run it bring hundreds of crates for it.

use safetensors::{Dtype, SafeTensors};
use serde::Deserialize;

/// The architecture, from the model's `config.json`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Config {
    pub hidden_size: usize,
    pub num_attention_heads: usize,
    pub num_hidden_layers: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f32,
}

fn default_eps() -> f32 {
    1e-12
}

struct Linear {
    /// `outputs × inputs`, row-major, as PyTorch stores it.
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

struct Norm {
    gain: Vec<f32>,
    bias: Vec<f32>,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

pub(crate) struct Bert {
    config: Config,
    words: Vec<f32>,
    positions: Vec<f32>,
    token_type: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
}

impl Bert {
    /// From a `model.safetensors` (float32 weights, with or without the `bert.` prefix) and
    /// the model's configuration.
    pub(crate) fn load(bytes: &[u8], config: Config) -> Result<Bert, String> {
        let tensors = SafeTensors::deserialize(bytes).map_err(|e| e.to_string())?;
        let prefix = if tensors
            .tensor("bert.embeddings.word_embeddings.weight")
            .is_ok()
        {
            "bert."
        } else {
            ""
        };
        let h = config.hidden_size;
        let get = |name: &str, shape: &[usize]| -> Result<Vec<f32>, String> {
            let full = format!("{prefix}{name}");
            let t = tensors
                .tensor(&full)
                .map_err(|_| format!("the model has no tensor {full}"))?;
            if t.dtype() != Dtype::F32 {
                return Err(format!("{full} is {:?}, not float32", t.dtype()));
            }
            if !shape.is_empty() && t.shape() != shape {
                return Err(format!("{full} has shape {:?}, not {shape:?}", t.shape()));
            }
            Ok(t.data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect())
        };
        let linear = |name: &str, inputs: usize, outputs: usize| -> Result<Linear, String> {
            Ok(Linear {
                weight: get(&format!("{name}.weight"), &[outputs, inputs])?,
                bias: get(&format!("{name}.bias"), &[outputs])?,
                inputs,
                outputs,
            })
        };
        let norm = |name: &str| -> Result<Norm, String> {
            Ok(Norm {
                gain: get(&format!("{name}.weight"), &[h])?,
                bias: get(&format!("{name}.bias"), &[h])?,
            })
        };
        if h == 0 || config.max_position_embeddings < 3 {
            return Err("the configuration's hidden size or position count is too small".into());
        }
        if config.num_attention_heads == 0 || !h.is_multiple_of(config.num_attention_heads) {
            return Err(format!(
                "hidden size {h} is not a multiple of {} heads",
                config.num_attention_heads
            ));
        }
        let words = get("embeddings.word_embeddings.weight", &[])?;
        if words.is_empty() || !words.len().is_multiple_of(h) {
            return Err("the word embeddings do not match the hidden size".into());
        }
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = format!("encoder.layer.{i}");
            let inter = config.intermediate_size;
            layers.push(Layer {
                query: linear(&format!("{l}.attention.self.query"), h, h)?,
                key: linear(&format!("{l}.attention.self.key"), h, h)?,
                value: linear(&format!("{l}.attention.self.value"), h, h)?,
                attention_out: linear(&format!("{l}.attention.output.dense"), h, h)?,
                attention_norm: norm(&format!("{l}.attention.output.LayerNorm"))?,
                intermediate: linear(&format!("{l}.intermediate.dense"), h, inter)?,
                output: linear(&format!("{l}.output.dense"), inter, h)?,
                output_norm: norm(&format!("{l}.output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            positions: get(
                "embeddings.position_embeddings.weight",
                &[config.max_position_embeddings, h],
            )?,
            token_type: {
                let t = get("embeddings.token_type_embeddings.weight", &[])?;
                if t.len() < h {
                    return Err("the token type embeddings do not match the hidden size".into());
                }
                t
            },
            embedding_norm: norm("embeddings.LayerNorm")?,
            words,
            layers,
            config,
        })
    }

    /// The most tokens one input may have ([CLS] and [SEP] included).
    pub(crate) fn max_tokens(&self) -> usize {
        self.config.max_position_embeddings
    }

    fn vocabulary(&self) -> usize {
        self.words.len() / self.config.hidden_size
    }

    /// The mean of the last layer's outputs over the tokens `ids`, scaled to unit length.
    pub(crate) fn embed(&self, ids: &[u32]) -> Vec<f32> {
        let h = self.config.hidden_size;
        let n = ids.len().min(self.max_tokens());
        let mut x = vec![0f32; n * h];
        for (t, &id) in ids[..n].iter().enumerate() {
            let id = (id as usize).min(self.vocabulary() - 1);
            let row = &mut x[t * h..(t + 1) * h];
            for (d, v) in row.iter_mut().enumerate() {
                *v = self.words[id * h + d] + self.positions[t * h + d] + self.token_type[d];
            }
        }
        layer_norm(&mut x, &self.embedding_norm, h, self.config.layer_norm_eps);
        for layer in &self.layers {
            self.layer(&mut x, n, layer);
        }
        let mut pooled = vec![0f32; h];
        for row in x.chunks_exact(h) {
            for (p, v) in pooled.iter_mut().zip(row) {
                *p += v;
            }
        }
        let norm = pooled.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for p in &mut pooled {
                *p /= norm;
            }
        }
        pooled
    }

    fn layer(&self, x: &mut [f32], n: usize, layer: &Layer) {
        let h = self.config.hidden_size;
        let heads = self.config.num_attention_heads;
        let hd = h / heads;
        let q = linear(x, n, &layer.query);
        let k = linear(x, n, &layer.key);
        let v = linear(x, n, &layer.value);
        let scale = 1.0 / (hd as f32).sqrt();
        let mut context = vec![0f32; n * h];
        let mut scores = vec![0f32; n];
        for head in 0..heads {
            let at = head * hd;
            for i in 0..n {
                let qi = &q[i * h + at..i * h + at + hd];
                let mut max = f32::NEG_INFINITY;
                for (j, s) in scores.iter_mut().enumerate() {
                    let kj = &k[j * h + at..j * h + at + hd];
                    *s = qi.iter().zip(kj).map(|(a, b)| a * b).sum::<f32>() * scale;
                    max = max.max(*s);
                }
                let mut total = 0.0;
                for s in &mut scores {
                    *s = (*s - max).exp();
                    total += *s;
                }
                let out = &mut context[i * h + at..i * h + at + hd];
                for (j, s) in scores.iter().enumerate() {
                    let w = s / total;
                    let vj = &v[j * h + at..j * h + at + hd];
                    for (o, b) in out.iter_mut().zip(vj) {
                        *o += w * b;
                    }
                }
            }
        }
        let attended = linear(&context, n, &layer.attention_out);
        for (a, b) in x.iter_mut().zip(&attended) {
            *a += b;
        }
        layer_norm(x, &layer.attention_norm, h, self.config.layer_norm_eps);
        let mut inner = linear(x, n, &layer.intermediate);
        for v in &mut inner {
            *v = gelu(*v);
        }
        let out = linear(&inner, n, &layer.output);
        for (a, b) in x.iter_mut().zip(&out) {
            *a += b;
        }
        layer_norm(x, &layer.output_norm, h, self.config.layer_norm_eps);
    }
}

/// `x · weightᵀ + bias` for `n` rows of `x`.
fn linear(x: &[f32], n: usize, l: &Linear) -> Vec<f32> {
    assert_eq!(x.len(), n * l.inputs);
    let mut y = Vec::with_capacity(n * l.outputs);
    for _ in 0..n {
        y.extend_from_slice(&l.bias);
    }
    // SAFETY: the slices hold exactly the `n × inputs`, `outputs × inputs` and `n × outputs`
    // elements that the dimensions and strides address (asserted above and built here).
    unsafe {
        matrixmultiply::sgemm(
            n,
            l.inputs,
            l.outputs,
            1.0,
            x.as_ptr(),
            l.inputs as isize,
            1,
            l.weight.as_ptr(),
            1,
            l.inputs as isize,
            1.0,
            y.as_mut_ptr(),
            l.outputs as isize,
            1,
        );
    }
    y
}

fn layer_norm(x: &mut [f32], norm: &Norm, h: usize, eps: f32) {
    for row in x.chunks_exact_mut(h) {
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(&norm.gain).zip(&norm.bias) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// BERT's exact GELU, `x · Φ(x)`.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, float32's own precision (the
/// standard library has no erf).
fn erf(x: f32) -> f32 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = ((((1.061_405_4 * t - 1.453_152) * t + 1.421_413_8) * t - 0.284_496_74) * t
        + 0.254_829_6)
        * t;
    let y = 1.0 - poly * (-x * x).exp();
    if x < 0.0 {
        -y
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_is_close() {
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "{x}: {}", erf(x));
        }
    }
}
