/** The admin enrollment link page. */
export { EnrollPage } from './EnrollPage'
