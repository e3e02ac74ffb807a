#include "detection/autoencoder_detector.hpp"

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include <algorithm>
#include <numeric>
#include <random>

namespace sentinel::forensic {
namespace {

constexpr float kInputClip = 5.0f;
constexpr int kChunk = 65536;

// Rows [start, start + len) of z as network inputs.
cv::Mat inputs(const RowMatrix& z, Eigen::Index start, Eigen::Index len) {
    cv::Mat m(static_cast<int>(len), static_cast<int>(z.cols()), CV_32F);
    for (Eigen::Index r = 0; r < len; ++r) {
        float* out = m.ptr<float>(static_cast<int>(r));
        for (Eigen::Index c = 0; c < z.cols(); ++c)
            out[c] = std::clamp(z(start + r, c), -kInputClip, kInputClip) / kInputClip;
    }
    return m;
}

cv::Mat training_sample(const RowMatrix& z, const AutoencoderOptions& options) {
    const auto n = static_cast<std::size_t>(z.rows());
    const std::size_t take = std::min(n, options.training_rows);
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    if (take < n) {
        std::mt19937 rng(options.seed);
        for (std::size_t i = 0; i < take; ++i) {
            std::uniform_int_distribution<std::size_t> pick(i, n - 1);
            std::swap(rows[i], rows[pick(rng)]);
        }
        rows.resize(take);
        std::sort(rows.begin(), rows.end());
    }
    cv::Mat sample(static_cast<int>(take), static_cast<int>(z.cols()), CV_32F);
    for (std::size_t i = 0; i < take; ++i)
        inputs(z, static_cast<Eigen::Index>(rows[i]), 1).copyTo(sample.row(static_cast<int>(i)));
    return sample;
}

} // namespace

std::vector<float> autoencoder_scores(const RowMatrix& z, const AutoencoderOptions& options,
                                      const std::function<void(double)>& progress) try {
    const int d = static_cast<int>(z.cols());
    const int wide = std::max(2, d / 2), narrow = std::max(2, d / 4);
    cv::Mat layers = (cv::Mat_<int>(1, 5) << d, wide, narrow, wide, d);

    cv::theRNG().state = options.seed; // the weights' initialisation, so that scans repeat
    auto net = cv::ml::ANN_MLP::create();
    net->setLayerSizes(layers);
    net->setActivationFunction(cv::ml::ANN_MLP::SIGMOID_SYM);
    net->setTrainMethod(cv::ml::ANN_MLP::RPROP);
    net->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER + cv::TermCriteria::EPS,
                                          options.max_iterations, 1e-5));
    const cv::Mat sample = training_sample(z, options);
    net->train(cv::ml::TrainData::create(sample, cv::ml::ROW_SAMPLE, sample));

    std::vector<float> scores(static_cast<std::size_t>(z.rows()));
    cv::Mat reconstructed;
    for (Eigen::Index start = 0; start < z.rows(); start += kChunk) {
        const Eigen::Index len = std::min<Eigen::Index>(kChunk, z.rows() - start);
        const cv::Mat in = inputs(z, start, len);
        net->predict(in, reconstructed);
        for (int r = 0; r < in.rows; ++r) {
            const float* a = in.ptr<float>(r);
            const float* b = reconstructed.ptr<float>(r);
            float sum = 0;
            for (int c = 0; c < d; ++c) sum += (a[c] - b[c]) * (a[c] - b[c]);
            scores[static_cast<std::size_t>(start + r)] = sum / static_cast<float>(d);
        }
        if (progress) progress(static_cast<double>(start + len) / static_cast<double>(z.rows()));
    }
    return scores;
} catch (const cv::Exception& e) {
    throw AutoencoderError(e.what());
}

} // namespace sentinel::forensic
