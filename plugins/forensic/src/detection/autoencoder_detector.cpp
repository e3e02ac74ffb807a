#include "detection/autoencoder_detector.hpp"

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace sentinel::forensic {
namespace {

constexpr float kInputClip = 5.0f;
constexpr int kChunkRows = 16384;     // rows predicted per task
constexpr int kChunksPerReport = 8;   // tasks run in parallel between two progress reports

// Row `row` of z as a network input, written to `out`.
void write_input(const RowMatrix& z, Eigen::Index row, float* out) {
    for (Eigen::Index c = 0; c < z.cols(); ++c) out[c] = std::clamp(z(row, c), -kInputClip, kInputClip) / kInputClip;
}

// Sorted row indices of a seeded uniform sample without replacement (all rows when n <= take).
std::vector<Eigen::Index> sample_rows(Eigen::Index n, std::size_t take, unsigned seed) {
    std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), Eigen::Index{0});
    if (take >= rows.size()) return rows;
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < take; ++i) { // partial Fisher-Yates
        std::uniform_int_distribution<std::size_t> pick(i, rows.size() - 1);
        std::swap(rows[i], rows[pick(rng)]);
    }
    rows.resize(take);
    std::sort(rows.begin(), rows.end());
    return rows;
}

cv::Mat training_inputs(const RowMatrix& z, const AutoencoderOptions& options) {
    const auto rows = sample_rows(z.rows(), std::max<std::size_t>(options.training_rows, 1), options.seed);
    cv::Mat sample(static_cast<int>(rows.size()), static_cast<int>(z.cols()), CV_32F);
    for (std::size_t i = 0; i < rows.size(); ++i) write_input(z, rows[i], sample.ptr<float>(static_cast<int>(i)));
    return sample;
}

cv::Ptr<cv::ml::ANN_MLP> trained_network(const RowMatrix& z, const AutoencoderOptions& options) {
    auto net = cv::ml::ANN_MLP::create();
    net->setLayerSizes(autoencoder_layers(static_cast<int>(z.cols())));
    net->setActivationFunction(cv::ml::ANN_MLP::SIGMOID_SYM);
    net->setTrainMethod(cv::ml::ANN_MLP::RPROP);
    net->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER + cv::TermCriteria::EPS,
                                          std::max(1, options.max_iterations), 1e-6));
    const cv::Mat sample = training_inputs(z, options);
    // The inputs are already centred and in [-1, 1], inside the sigmoid's (-1.7, 1.7): no rescaling,
    // so the reconstruction error is measured in the same units for every column.
    const int flags = cv::ml::ANN_MLP::NO_INPUT_SCALE | cv::ml::ANN_MLP::NO_OUTPUT_SCALE;
    if (!net->train(cv::ml::TrainData::create(sample, cv::ml::ROW_SAMPLE, sample), flags))
        throw AutoencoderError("the network did not train");
    return net;
}

// Mean squared reconstruction error of rows [begin, end) into scores[begin, end).
void score_rows(const cv::ml::ANN_MLP& net, const RowMatrix& z, Eigen::Index begin, Eigen::Index end,
                std::vector<float>& scores) {
    const int d = static_cast<int>(z.cols());
    cv::Mat inputs(static_cast<int>(end - begin), d, CV_32F);
    for (Eigen::Index r = begin; r < end; ++r) write_input(z, r, inputs.ptr<float>(static_cast<int>(r - begin)));
    cv::Mat outputs;
    net.predict(inputs, outputs);
    for (int i = 0; i < inputs.rows; ++i) {
        const float* in = inputs.ptr<float>(i);
        const float* out = outputs.ptr<float>(i);
        float sum = 0;
        for (int c = 0; c < d; ++c) sum += (in[c] - out[c]) * (in[c] - out[c]);
        scores[static_cast<std::size_t>(begin + i)] = sum / static_cast<float>(d);
    }
}

} // namespace

std::vector<int> autoencoder_layers(int columns) {
    const int wide = std::max(2, columns / 2), narrow = std::max(2, columns / 4);
    return {columns, wide, narrow, wide, columns};
}

std::vector<float> autoencoder_scores(const RowMatrix& z, const AutoencoderOptions& options,
                                      const std::function<void(double)>& progress) try {
    if (z.cols() < 2 || z.rows() < 1) throw AutoencoderError("needs at least 2 columns and 1 row");
    // ANN_MLP seeds its own generator with a fixed state, so the weights start the same every time.
    const auto net = trained_network(z, options);
    if (progress) progress(0);

    std::vector<float> scores(static_cast<std::size_t>(z.rows()));
    const Eigen::Index chunks = (z.rows() + kChunkRows - 1) / kChunkRows;
    for (Eigen::Index first = 0; first < chunks; first += kChunksPerReport) {
        const Eigen::Index last = std::min(chunks, first + kChunksPerReport);
        // Rows are independent, so the parallel scoring gives the same scores as a serial one.
        cv::parallel_for_(cv::Range(static_cast<int>(first), static_cast<int>(last)), [&](const cv::Range& range) {
            for (int chunk = range.start; chunk < range.end; ++chunk) {
                const Eigen::Index begin = Eigen::Index{chunk} * kChunkRows;
                score_rows(*net, z, begin, std::min(z.rows(), begin + kChunkRows), scores);
            }
        });
        if (progress) progress(static_cast<double>(last) / static_cast<double>(chunks));
    }
    if (!std::all_of(scores.begin(), scores.end(), [](float s) { return std::isfinite(s); }))
        throw AutoencoderError("the reconstruction errors are not finite");
    return scores;
} catch (const cv::Exception& e) {
    throw AutoencoderError(e.what());
}

} // namespace sentinel::forensic
