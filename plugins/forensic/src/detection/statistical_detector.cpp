#include "detection/statistical_detector.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace sentinel::forensic {
namespace {

constexpr Eigen::Index kChunk = 65536;

struct Ellipse {
    Eigen::RowVectorXd mean;
    Eigen::MatrixXd precision; // inverse covariance
};

// Mean and regularised inverse covariance of the rows whose `keep` flag is set (all when empty).
Ellipse estimate(const RowMatrix& z, const std::vector<char>& keep) {
    const Eigen::Index d = z.cols();
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(d);
    Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(d, d);
    double n = 0;
    for (Eigen::Index start = 0; start < z.rows(); start += kChunk) {
        const Eigen::Index len = std::min(kChunk, z.rows() - start);
        Eigen::MatrixXd block = z.middleRows(start, len).cast<double>();
        if (!keep.empty()) {
            for (Eigen::Index r = 0; r < len; ++r)
                if (!keep[static_cast<std::size_t>(start + r)]) block.row(r).setZero();
            for (Eigen::Index r = 0; r < len; ++r) n += keep[static_cast<std::size_t>(start + r)] ? 1 : 0;
        } else {
            n += static_cast<double>(len);
        }
        sum += block.colwise().sum();
        cross.noalias() += block.transpose() * block;
    }
    Ellipse e;
    e.mean = n > 0 ? Eigen::RowVectorXd(sum / n) : Eigen::RowVectorXd::Zero(d);
    Eigen::MatrixXd covariance = n > 1 ? Eigen::MatrixXd((cross - n * e.mean.transpose() * e.mean) / (n - 1))
                                       : Eigen::MatrixXd::Identity(d, d);
    // Ridge: keeps constant or perfectly collinear columns invertible.
    const double ridge = 1e-6 * std::max(1.0, covariance.trace() / static_cast<double>(d)) + 1e-9;
    covariance.diagonal().array() += ridge;
    e.precision = covariance.ldlt().solve(Eigen::MatrixXd::Identity(d, d));
    return e;
}

std::vector<float> distances(const RowMatrix& z, const Ellipse& e) {
    std::vector<float> out(static_cast<std::size_t>(z.rows()));
    const Eigen::MatrixXf precision = e.precision.cast<float>();
    const Eigen::RowVectorXf mean = e.mean.cast<float>();
    const float per_column = 1.0f / static_cast<float>(z.cols());
    for (Eigen::Index start = 0; start < z.rows(); start += kChunk) {
        const Eigen::Index len = std::min(kChunk, z.rows() - start);
        Eigen::MatrixXf centered = z.middleRows(start, len).rowwise() - mean;
        Eigen::VectorXf d2 = (centered * precision).cwiseProduct(centered).rowwise().sum();
        for (Eigen::Index r = 0; r < len; ++r)
            out[static_cast<std::size_t>(start + r)] = std::sqrt(std::max(0.0f, d2(r)) * per_column);
    }
    return out;
}

} // namespace

std::vector<float> mahalanobis_scores(const RowMatrix& z) {
    if (z.rows() == 0 || z.cols() == 0) return std::vector<float>(static_cast<std::size_t>(z.rows()), 0.0f);
    auto first = distances(z, estimate(z, {}));
    if (z.rows() < 40) return first;
    // Refit without the farthest 2.5%.
    std::vector<float> sorted = first;
    const auto cut_index = static_cast<std::size_t>(0.975 * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(cut_index), sorted.end());
    const float cut = sorted[cut_index];
    std::vector<char> keep(first.size());
    for (std::size_t i = 0; i < first.size(); ++i) keep[i] = first[i] <= cut ? 1 : 0;
    return distances(z, estimate(z, keep));
}

} // namespace sentinel::forensic
