using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// Cross Similarity Attention maps (paper Eq. 3-7; birdwcp/QCS utils.py Attn_DCS_S and Attn_QCS_SD).
/// The min and max are ONE scalar over the whole batch, as the reference does: other samples of a batch change an
/// image's map, and parity depends on it.
/// </summary>
public static class CrossSimilarityAttention
{
    /// <summary>E - min(E) of the Euclidean distances of every query token to every key token.</summary>
    public static Tensor Distance(Tensor query, Tensor key)
    {
        using var e = cdist(query, key, p: 2);   // [B, Nq, Nk]
        using var min = e.min();
        return e - min;
    }

    /// <summary>max(D) - D: the similarity of a same-class pair.</summary>
    public static Tensor Similarity(Tensor query, Tensor key)
    {
        using var d = Distance(query, key);      // [B, Nq, Nk]
        using var max = d.max();
        return max - d;
    }

    /// <summary>Rows L2-normalised, summed over the queries: one score per key token. [B, Nq, Nk] -> [B, Nk]</summary>
    public static Tensor KeyScore(Tensor m)
    {
        using var n = nn.functional.normalize(m, p: 2, dim: 2);
        return n.sum(1);
    }

    /// <summary>key_score of the transpose: one score per query token. [B, Nq, Nk] -> [B, Nq]</summary>
    public static Tensor QueryScore(Tensor m)
    {
        using var n = nn.functional.normalize(m, p: 2, dim: 1);
        return n.sum(2);
    }

    /// <summary>DCS maps of a pair: S = S(q = p, k = a). Returns [m_a, m_p], each [B, N].</summary>
    public static Tensor[] Dcs(Tensor qkA, Tensor qkP)
    {
        using var s = Similarity(qkP, qkA);
        using var ka = KeyScore(s);
        using var qp = QueryScore(s);
        return [ka.softmax(-1), qp.softmax(-1)];
    }

    /// <summary>
    /// QCS maps of a quadruplet (a, p, n, n2) with w = 1 + tanh(theta) (gamma = 1): the closed loop a-p-n2-n-a uses
    /// two similarity and two distance matrices. Returns [m_a, m_p, m_n, m_n2], each [B, N].
    /// </summary>
    public static Tensor[] Qcs(Tensor qkA, Tensor qkP, Tensor qkN, Tensor qkN2, Tensor theta)
    {
        using var scope = NewDisposeScope();
        var w = theta.tanh().add(Scalars.One, Scalars.One); // scalar: 1 + tanh(theta)
        var sPa = Similarity(qkP, qkA);           // [B, Np, Na]
        var sN2n = Similarity(qkN2, qkN);         // [B, Nn2, Nn]
        var dNa = Distance(qkN, qkA);             // [B, Nn, Na]
        var dN2p = Distance(qkN2, qkP);           // [B, Nn2, Np]
        Tensor[] maps =
        [
            KeyScore(sPa).add(w * KeyScore(dNa), Scalars.One).softmax(-1),
            QueryScore(sPa).add(w * KeyScore(dN2p), Scalars.One).softmax(-1),
            KeyScore(sN2n).add(w * QueryScore(dNa), Scalars.One).softmax(-1),
            QueryScore(sN2n).add(w * QueryScore(dN2p), Scalars.One).softmax(-1),
        ];
        foreach (var m in maps) m.MoveToOuterDisposeScope();
        return maps;
    }
}
