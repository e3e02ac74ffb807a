// The statistical detector: a row's score is its Mahalanobis distance d from the bulk of the data,
// over the robust z-scores, as sqrt(d^2 / columns). For normal data d^2 follows a chi-squared law
// with `columns` degrees of freedom, so the score is about 1 for a typical row whatever the number
// of columns; one principled number covers both single wild cells and rows that break a
// correlation no single column shows (where max |z| sees nothing).
// The covariance (Eigen; a small ridge keeps constant or collinear columns invertible; LDLT) is
// estimated twice: from every row, then again without the 2.5% farthest rows, so that the
// anomalies being looked for do not widen the ellipse that should expose them.
#pragma once

#include "detection/scaled_matrix.hpp"

#include <vector>

namespace sentinel::forensic {

std::vector<float> mahalanobis_scores(const RowMatrix& z);

} // namespace sentinel::forensic
