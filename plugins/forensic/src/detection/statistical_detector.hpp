// The statistical detector: a row's score is its Mahalanobis distance from the bulk of the data,
// over the robust z-scores, divided by sqrt(columns) so that scores compare across files. The
// covariance is estimated twice: once from every row, then again without the 2.5% farthest rows,
// so that the anomalies being looked for do not widen the ellipse that should expose them. It
// catches both single wild cells and rows that break a correlation no single column shows.
#pragma once

#include "detection/scaled_matrix.hpp"

#include <vector>

namespace sentinel::forensic {

std::vector<float> mahalanobis_scores(const RowMatrix& z);

} // namespace sentinel::forensic
