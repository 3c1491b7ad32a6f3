"""One-off generator of the CKA golden values used by CkaTest (run: python3 cka_golden.py).

Writes x.npy (40 x 7) and y.npy (40 x 5), float32, from numpy's seeded generator, and prints linear CKA and
debiased linear CKA computed with the feature-space formulas of the CKA authors' reference code
(Kornblith et al. 2019, "Similarity of Neural Network Representations Revisited", colab
`feature_space_linear_cka`, copied below), in float64 numpy. numpy 2.4.6 produced the committed values.
"""
import numpy as np


def _debiased_dot_product_similarity_helper(xty, sum_squared_rows_x, sum_squared_rows_y,
                                            squared_norm_x, squared_norm_y, n):
    return (xty - n / (n - 2.) * sum_squared_rows_x.dot(sum_squared_rows_y)
            + squared_norm_x * squared_norm_y / ((n - 1) * (n - 2)))


def feature_space_linear_cka(features_x, features_y, debiased=False):
    features_x = features_x - np.mean(features_x, 0, keepdims=True)
    features_y = features_y - np.mean(features_y, 0, keepdims=True)
    dot_product_similarity = np.linalg.norm(features_x.T.dot(features_y)) ** 2
    normalization_x = np.linalg.norm(features_x.T.dot(features_x))
    normalization_y = np.linalg.norm(features_y.T.dot(features_y))
    if debiased:
        n = features_x.shape[0]
        sum_squared_rows_x = np.einsum('ij,ij->i', features_x, features_x)
        sum_squared_rows_y = np.einsum('ij,ij->i', features_y, features_y)
        squared_norm_x = np.sum(sum_squared_rows_x)
        squared_norm_y = np.sum(sum_squared_rows_y)
        dot_product_similarity = _debiased_dot_product_similarity_helper(
            dot_product_similarity, sum_squared_rows_x, sum_squared_rows_y, squared_norm_x, squared_norm_y, n)
        normalization_x = np.sqrt(_debiased_dot_product_similarity_helper(
            normalization_x ** 2, sum_squared_rows_x, sum_squared_rows_x, squared_norm_x, squared_norm_x, n))
        normalization_y = np.sqrt(_debiased_dot_product_similarity_helper(
            normalization_y ** 2, sum_squared_rows_y, sum_squared_rows_y, squared_norm_y, squared_norm_y, n))
    return dot_product_similarity / (normalization_x * normalization_y)


def gram_linear_cka(x, y):
    """Independent check through centred Gram matrices: <HKH, HLH> / (||HKH|| ||HLH||)."""
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k = h @ (x @ x.T) @ h
    l = h @ (y @ y.T) @ h
    return np.sum(k * l) / (np.linalg.norm(k) * np.linalg.norm(l))


rng = np.random.default_rng(20201116)
base = rng.normal(size=(40, 3))
x = np.concatenate([base @ rng.normal(size=(3, 4)), rng.normal(size=(40, 3))], axis=1).astype(np.float32)
y = np.concatenate([base[:, :2] @ rng.normal(size=(2, 3)) + 0.5 * rng.normal(size=(40, 3)),
                    rng.normal(size=(40, 2))], axis=1).astype(np.float32)
np.save('x.npy', x)
np.save('y.npy', y)
xd, yd = x.astype(np.float64), y.astype(np.float64)
print('cka', repr(feature_space_linear_cka(xd, yd)))
print('cka_gram', repr(gram_linear_cka(xd, yd)))
print('cka_debiased', repr(feature_space_linear_cka(xd, yd, debiased=True)))
