package demo

// heritage is a pool of names that tend to go together, with the census
// ethnicity categories people with those names most often choose. Weights
// roughly follow a diverse English city.
type heritage struct {
	weight                int
	female, male, neutral []string
	family                []string
	ethnicities           []weighted
}

// weighted is a value drawn in proportion to w.
type weighted struct {
	v string
	w int
}

const (
	whiteBritish = "White: English, Welsh, Scottish, Northern Irish or British"
	otherWhite   = "White: Other White"
)

var heritages = []heritage{
	{
		weight: 62,
		female: []string{"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Jessica", "Chloe", "Lucy", "Hannah", "Megan",
			"Rebecca", "Laura", "Charlotte", "Gemma", "Kirsty", "Siobhan", "Niamh", "Rachel", "Stacey", "Danielle", "Jade",
			"Leanne", "Katie", "Abigail", "Ellie", "Molly", "Zoe", "Bethany", "Carys", "Samantha", "Natalie", "Victoria"},
		male: []string{"Oliver", "Harry", "Jack", "George", "Thomas", "James", "Daniel", "Liam", "Ryan", "Callum", "Connor",
			"Jamie", "Lewis", "Nathan", "Kieran", "Adam", "Matthew", "Owen", "Dylan", "Ciaran", "Sean", "Gareth", "Craig", "Luke"},
		neutral: []string{"Alex", "Sam", "Charlie", "Jordan", "Riley", "Robin", "Jesse", "Frankie", "Morgan", "Rowan", "Ash", "Kit", "River"},
		family: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
			"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Edwards",
			"Turner", "Murphy", "O'Brien", "Kelly", "Walsh", "Byrne", "McCarthy", "Campbell", "Stewart", "MacLeod", "Morgan",
			"Price", "Lloyd", "Pritchard", "Harrison", "Fletcher", "Bennett", "Ellis", "Shaw", "Barker", "Holmes", "Marsh"},
		ethnicities: []weighted{{whiteBritish, 85}, {"White: Irish", 5}, {"White: Gypsy or Irish Traveller", 1},
			{"Mixed: White and Black Caribbean", 4}, {"Mixed: White and Asian", 3}, {otherWhite, 2}},
	},
	{
		weight: 12,
		female: []string{"Priya", "Aisha", "Fatima", "Ayesha", "Sana", "Nadia", "Anjali", "Simran", "Zainab", "Hina",
			"Rukhsana", "Shabnam", "Amrit", "Mariam", "Pooja", "Tahira"},
		male: []string{"Mohammed", "Imran", "Arjun", "Rohan", "Ali", "Hassan", "Bilal", "Usman", "Ravi", "Sanjay", "Harpreet",
			"Amir", "Zubair", "Tariq", "Vikram"},
		neutral: []string{"Kiran", "Arian", "Sasha"},
		family: []string{"Khan", "Ahmed", "Hussain", "Patel", "Shah", "Begum", "Akhtar", "Iqbal", "Ali", "Singh", "Kaur", "Sharma",
			"Chowdhury", "Rahman", "Mahmood", "Gill", "Sandhu", "Mistry", "Uddin", "Malik"},
		ethnicities: []weighted{{"Asian or Asian British: Indian", 35}, {"Asian or Asian British: Pakistani", 35},
			{"Asian or Asian British: Bangladeshi", 15}, {"Asian or Asian British: Other Asian", 10}, {"Mixed: White and Asian", 5}},
	},
	{
		weight: 9,
		female: []string{"Abena", "Chiamaka", "Ngozi", "Amara", "Tiana", "Shanice", "Keisha", "Adwoa", "Folake", "Blessing",
			"Precious", "Nia", "Imani", "Yetunde", "Marcia"},
		male: []string{"Kwame", "Chidi", "Tunde", "Kofi", "Jermaine", "Marcus", "Tyrone", "Emeka", "Femi", "Dwayne", "Olu",
			"Kayode", "Jerome", "Delroy"},
		neutral: []string{"Tobi", "Remi", "Jordan"},
		family: []string{"Okafor", "Mensah", "Adeyemi", "Boateng", "Campbell", "Francis", "Williams", "Johnson", "Okoro", "Asante",
			"Owusu", "Clarke", "Grant", "Nwosu", "Bailey", "Thomas", "Richards", "Henry", "Oduya", "Agyeman"},
		ethnicities: []weighted{{"Black, Black British, Caribbean or African: Caribbean", 30},
			{"Black, Black British, Caribbean or African: African", 40}, {"Black, Black British, Caribbean or African: Other Black", 8},
			{"Mixed: White and Black Caribbean", 12}, {"Mixed: White and Black African", 10}},
	},
	{
		weight:      3,
		female:      []string{"Mei", "Lin", "Yan", "Hui", "Thu", "Linh", "Mai", "Joy"},
		male:        []string{"Wei", "Jun", "Hao", "Minh", "Duc", "Kenji"},
		neutral:     []string{"Yu", "Ming"},
		family:      []string{"Chen", "Wang", "Li", "Zhang", "Nguyen", "Tran", "Wong", "Lee", "Lau", "Cheung"},
		ethnicities: []weighted{{"Asian or Asian British: Chinese", 55}, {"Asian or Asian British: Other Asian", 35}, {"Mixed: White and Asian", 10}},
	},
	{
		weight:      9,
		female:      []string{"Agnieszka", "Katarzyna", "Marta", "Ewa", "Ioana", "Andreea", "Alina", "Kristina", "Zuzana", "Daria"},
		male:        []string{"Piotr", "Tomasz", "Marek", "Andrei", "Mihai", "Lukas", "Jakub", "Pavel", "Dmitri"},
		neutral:     []string{"Sasha", "Nikola"},
		family:      []string{"Nowak", "Popescu", "Ionescu", "Horvath", "Novak", "Kovac", "Marin", "Dobre", "Varga", "Balogh", "Lazar", "Stan"},
		ethnicities: []weighted{{otherWhite, 92}, {"White: Roma", 8}},
	},
	{
		weight:  5,
		female:  []string{"Layla", "Yasmin", "Noor", "Huda", "Rania", "Shirin", "Dilan", "Hodan", "Amina"},
		male:    []string{"Omar", "Yusuf", "Karim", "Samir", "Ahmad", "Reza", "Hamid", "Dara", "Abdirahman"},
		neutral: []string{"Noor", "Dara"},
		family:  []string{"Haddad", "Hassan", "Abdi", "Mohamed", "Farah", "Ahmadi", "Karimi", "Nasser", "Saleh", "Osman", "Warsame", "Ibrahim"},
		ethnicities: []weighted{{"Other ethnic group: Arab", 45}, {"Other ethnic group: Any other ethnic group", 25},
			{"Black, Black British, Caribbean or African: African", 20}, {"Mixed: Other Mixed or Multiple ethnic background", 10}},
	},
}

// nicknames are preferred names some people use.
var nicknames = map[string]string{
	"Rebecca": "Becky", "Jessica": "Jess", "Abigail": "Abi", "Katarzyna": "Kasia", "Mohammed": "Mo", "Thomas": "Tom",
	"Daniel": "Dan", "Matthew": "Matt", "Samantha": "Sam", "Victoria": "Tori", "Natalie": "Nat", "Charlotte": "Lottie",
	"Oluwaseun": "Seun", "Abdirahman": "Abdi", "Agnieszka": "Aga", "Callum": "Cal", "Bethany": "Beth", "Jermaine": "Jay",
}

// sexualities follow the census categories; blanks are people who did not answer.
var sexualities = []string{
	"Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight",
	"Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight",
	"Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight", "Heterosexual or straight",
	"Heterosexual or straight", "Heterosexual or straight", "Gay or lesbian", "Bisexual", "Bisexual",
	"Pansexual", "Asexual", "Queer", "Prefer not to say", "", "",
}

var communicationNeeds = []string{
	"Prefers text messages to calls",
	"Prefers text messages to calls",
	"BSL interpreter",
	"Easy Read letters, please",
	"Large print letters",
	"Interpreter: Polish",
	"Interpreter: Urdu",
	"Interpreter: Arabic",
	"Dyslexic: please send letters by email so a screen reader can be used",
	"Autistic: an agenda before appointments helps",
	"Hard of hearing: please face me when speaking",
	"Prefers email to letters",
}

var traumaPreferences = []string{
	"Prefers a female worker",
	"Prefers a female worker",
	"Prefers a male worker",
	"Would like to sit near the door",
	"Please avoid phoning before 10am",
	"Please knock and wait before coming into the room",
	"Finds waiting rooms hard: text on arrival and I will come straight in",
	"Please say in advance if anyone else will join a session",
	"Prefers afternoon appointments",
	"Would like the option of a walk-and-talk session",
	"Please do not close the blinds",
	"Would rather not retell the history at first meetings: please read the referral",
}
