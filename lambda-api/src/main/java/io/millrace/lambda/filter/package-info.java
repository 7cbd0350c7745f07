/** Lambda's event filtering: FilterCriteria patterns compiled and matched against records. */
package io.millrace.lambda.filter;
